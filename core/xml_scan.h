/* xml_scan.h - find elements and attributes in a SOAP body without parsing it
 *
 * SOAP from the Lync web services is small and regular; what lyncprov needs
 * (an element's text, an attribute, the first element inside Body) can be
 * found by scanning tags, with no allocation. Namespace prefixes are ignored:
 * names are matched on their local part. Malformed XML yields "not found".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_XML_SCAN_H
#define LP_XML_SCAN_H

#include <stdbool.h>
#include "lp_span.h"

/* The text of the first element named local (up to its first child tag). */
bool lp_xml_element_text(const uint8_t *xml, size_t len, const char *local, lp_span *text);

/* The value of attribute attr (local name) of the first element named local. */
bool lp_xml_attribute(const uint8_t *xml, size_t len, const char *local, const char *attr,
                      lp_span *value);

/*
 * The local name of the operation element: the first element inside
 * Envelope/Body, or the first element when there is no envelope.
 */
bool lp_xml_operation(const uint8_t *xml, size_t len, lp_span *name);

#endif /* LP_XML_SCAN_H */

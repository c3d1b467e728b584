/* sipe-xml-shim.c - LD_PRELOAD workaround that lets pidgin-sipe parse XML
 *
 * A test-harness workaround for Debian 12 (pidgin-sipe 1.25 with libxml2
 * 2.9.14+dfsg), not a fix of either package.  sipe's parser (sipe-xml.c,
 * sipe_xml_parse) hands xmlSAXUserParseMemory a handler that says
 * initialized = XML_SAX2_MAGIC but registers only the SAX1 startElement and
 * endElement callbacks, startElementNs and endElementNs being NULL.  This
 * libxml2 then calls only the SAX2 element callbacks, so sipe gets no
 * elements and sipe_xml_parse returns NULL for every document, with no
 * error.  The first symptom is "Web ticket request to ... failed" right
 * after the CertProv mex.
 *
 * This wraps xmlSAXUserParseMemory, the one libxml2 entry point sipe's
 * parser calls, and for such a handler calls the real function with a copy
 * whose initialized is cleared.  libxml2 then takes it as a SAX1 handler and
 * calls startElement/endElement.  sipe's handler is a static that every
 * parse shares, so it is copied, never changed.
 *
 *   cc -shared -fPIC -o sipe-xml-shim.so sipe-xml-shim.c \
 *      -Wl,--no-as-needed $(pkg-config --cflags --libs libxml-2.0) -ldl
 *   LD_PRELOAD=./sipe-xml-shim.so sipe-driver ...
 *
 * --no-as-needed keeps libxml2 a dependency of the shim although it calls
 * nothing of libxml2's directly: dlsym(RTLD_NEXT) finds the real function
 * only in a library loaded after the shim.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdio.h>

#include <libxml/parser.h>

typedef int (*parse_memory_fn)(xmlSAXHandlerPtr, void *, const char *, int);

int xmlSAXUserParseMemory(xmlSAXHandlerPtr sax, void *user_data,
                          const char *buffer, int size)
{
    static parse_memory_fn real;
    static int told;

    if (!real) {
        real = (parse_memory_fn)dlsym(RTLD_NEXT, "xmlSAXUserParseMemory");
        if (!real) {
            fprintf(stderr, "sipe-xml-shim: no xmlSAXUserParseMemory after this one: %s\n",
                    dlerror());
            return -1;
        }
    }

    /* Only the shape sipe uses: SAX2 magic, SAX1 element callbacks only. */
    if (sax && sax->initialized == XML_SAX2_MAGIC &&
        !sax->startElementNs && sax->startElement) {
        xmlSAXHandler sax1 = *sax;

        sax1.initialized = 0;
        if (!told) {
            told = 1;
            fprintf(stderr, "sipe-xml-shim: SAX2 magic cleared for a SAX1 handler "
                    "(harness workaround, see sipe-xml-shim.c)\n");
        }
        return real(&sax1, user_data, buffer, size);
    }
    return real(sax, user_data, buffer, size);
}

/* lp_text.h - the texts events carry, kept once
 *
 * A phone that fails the same way fifty times carries the same detail and
 * reason fifty times: events keep a pointer to one shared copy instead of
 * two fixed buffers each (the largest part of the memory on dense captures).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_TEXT_H
#define LP_TEXT_H

/* The shared copy of s; valid until lp_text_reset(). */
const char *lp_text_intern(const char *s);
/* Forget every text, when no event refers to them any more (the plugin: when the file closes). */
void lp_text_reset(void);

#endif /* LP_TEXT_H */

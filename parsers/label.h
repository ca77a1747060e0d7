/*
 * label.h — list labels at the start of a line of text.
 *
 * Readers that see only text (PDF, plain text, e-mail bodies) find the
 * label a word processor would have kept apart: "1.", "1)", "2.3.",
 * "a)", "b.", "đ)", "I.", "IV.", "-", "+", "•", "*", "Điều 2.", "Điều 2:".
 */
#ifndef DONDOC_PARSERS_LABEL_H
#define DONDOC_PARSERS_LABEL_H

#include <stddef.h>

/* Length in bytes of the label at the start of `line` (0 when none). The
 * label ends before the spaces that follow it; *rest (may be NULL)
 * receives where the text after those spaces starts. *level receives a
 * nesting guess: 0 for "I." and "Điều", 1 for "1.", 2 for "1.1." or "a)",
 * 3 for "-" "+" "•". A label must be followed by a space (or end the line
 * for "Điều N."). */
size_t dd_label_len(const char *line, const char **rest, int *level);

#endif

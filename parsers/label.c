/* label.c — list labels at the start of a line (see label.h). */
#include "parsers/label.h"

#include <ctype.h>
#include <string.h>

static size_t skip_spaces(const char *s, size_t i)
{
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

/* Roman numerals I..XX as used for sections. */
static size_t roman_len(const char *s)
{
	size_t i = 0;
	while (s[i] == 'I' || s[i] == 'V' || s[i] == 'X')
		i++;
	return i <= 5 ? i : 0;
}

/* A Vietnamese list letter: a..y, plus "đ" (U+0111, 2 bytes). */
static size_t letter_len(const char *s)
{
	if ((unsigned char)s[0] == 0xc4 && (unsigned char)s[1] == 0x91)
		return 2;
	if (s[0] >= 'a' && s[0] <= 'z')
		return 1;
	return 0;
}

static size_t finish(const char *line, size_t end, int lvl, const char **rest, int *level)
{
	/* the label must be followed by a space, or end the line */
	if (line[end] != ' ' && line[end] != '\t' && line[end] != '\0')
		return 0;
	if (rest)
		*rest = line + skip_spaces(line, end);
	if (level)
		*level = lvl;
	return end;
}

size_t dd_label_len(const char *line, const char **rest, int *level)
{
	size_t i = 0, n;

	if (strncmp(line, "Điều ", strlen("Điều ")) == 0) {
		i = strlen("Điều ");
		n = i;
		while (isdigit((unsigned char)line[i]))
			i++;
		if (i > n && (line[i] == '.' || line[i] == ':'))
			return finish(line, i + 1, 0, rest, level);
		return 0;
	}
	if (line[0] == '-' || line[0] == '+' || line[0] == '*')
		return finish(line, 1, 3, rest, level);
	if (strncmp(line, "•", strlen("•")) == 0 || strncmp(line, "–", strlen("–")) == 0)
		return finish(line, strlen("•"), 3, rest, level);

	if (isdigit((unsigned char)line[0])) {
		int parts = 0;
		while (isdigit((unsigned char)line[i])) {
			n = i;
			while (isdigit((unsigned char)line[i]))
				i++;
			if (i - n > 2)
				return 0;  /* "2019." is a year, not a label */
			parts++;
			if (line[i] == '.' && isdigit((unsigned char)line[i + 1]))
				i++;
			else
				break;
		}
		if (line[i] == '.' || line[i] == ')')
			return finish(line, i + 1, parts > 1 ? 2 : 1, rest, level);
		return 0;
	}
	if ((n = roman_len(line)) > 0 && (line[n] == '.' || line[n] == ')'))
		return finish(line, n + 1, 0, rest, level);
	if ((n = letter_len(line)) > 0 && (line[n] == ')' || line[n] == '.')) {
		/* "a." only when a space follows: "v.v." is not a label */
		return finish(line, n + 1, 2, rest, level);
	}
	return 0;
}

/*
 * fuzz_normalize.c — libFuzzer target for vn_normalize and vn_fold.
 *
 * Any bytes go through vn_normalize (with an explicit length, so embedded
 * NULs and invalid UTF-8 are exercised), then the result through vn_fold
 * with offsets. Checks the contracts that callers rely on: the result is
 * valid UTF-8 in NFC, has no leading/trailing space, and vn_fold gives
 * one byte per code point with offsets inside the string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rules/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *norm = vn_normalize((const char *)data, (long)size);
	size_t len = strlen(norm);
	if (!g_utf8_validate(norm, -1, NULL))
		abort();
	if (len > 0 && (norm[0] == ' ' || norm[len - 1] == ' ' ||
			norm[0] == '\n' || norm[len - 1] == '\n'))
		abort();

	/* Already NFC (checked on short results only: g_utf8_normalize is
	 * slow on long ones, which is why vn_normalize works in pieces). */
	if (len < 4096) {
		char *again = g_utf8_normalize(norm, -1, G_NORMALIZE_NFC);
		if (again == NULL || strcmp(again, norm) != 0)
			abort();
		g_free(again);
	}

	size_t *offsets = NULL;
	char *folded = vn_fold(norm, &offsets);
	size_t n = strlen(folded);
	if (n != (size_t)g_utf8_strlen(norm, -1) || offsets[n] != len)
		abort();
	for (size_t i = 0; i < n; i++)
		if (offsets[i] >= len)
			abort();

	g_free(offsets);
	g_free(folded);
	g_free(norm);
	return 0;
}

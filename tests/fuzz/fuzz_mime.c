/*
 * fuzz_mime.c — libFuzzer target for the MIME layer (parsers/mime.c) and
 * the e-mail reader (parsers/eml.c).
 *
 * Each input is parsed with dd_mime_parse(); every header lookup and
 * every part is touched so that a bad length or pointer shows up under
 * ASan; then dd_read_eml() reads it as a directive. Seeds:
 * tests/fuzz/seeds/mime/ (copies of tests/data/eml/ fixtures, small ones).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parsers/mime.h"
#include "parsers/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read every byte the result claims to own. */
static size_t touch(const struct dd_mime *m)
{
	size_t sum = 0;

	for (size_t i = 0; i < m->nmsgs; i++) {
		const struct dd_mime_msg *h = &m->msgs[i];
		char *v = dd_mime_header(h, "Content-Type");
		sum += v ? strlen(v) : 0;
		g_free(v);
		sum += h->subject ? strlen(h->subject) : 0;
		sum += h->from_addr ? strlen(h->from_addr) : 0;
		for (size_t k = 0; k < h->nto; k++)
			sum += h->to[k].addr ? strlen(h->to[k].addr) : 0;
		for (char **r = h->references; *r; r++)
			sum += strlen(*r);
	}
	for (size_t i = 0; i < m->nparts; i++) {
		const struct dd_mime_part *p = &m->parts[i];
		for (size_t k = 0; k < p->len; k++)
			sum += (unsigned char)p->data[k];
		if (p->text)
			sum += strlen(p->text) == p->text_len && g_utf8_validate(p->text, -1, NULL);
		sum += p->filename ? strlen(p->filename) : 0;
	}
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_mime *m = dd_mime_parse(data, size, NULL);
	struct dd_doc *doc;
	GError *e = NULL;

	if (m) {
		volatile size_t sink = touch(m);
		(void)sink;
		dd_mime_free(m);
	}
	doc = dd_read_eml(data, size, &e);
	dd_doc_free(doc);
	g_clear_error(&e);
	return 0;
}

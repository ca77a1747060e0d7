/*
 * fuzz_parse.c — the whole of `dondoc parse` on untrusted bytes: format
 * detection, whichever reader the bytes select (plain text most often),
 * then the directive analysis with a small unit directory and the
 * calendar, as the daemon's parser child runs it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parsers/read.h"
#include "rules/directive.h"

static const char UNITS[] =
	"id,name,aliases,emails,groups\n"
	"XA-UBND,Ủy ban nhân dân tỉnh,UBND tỉnh;UBND tỉnh Xa,,\n"
	"XA-STC,Sở Tài chính,STC;Sở TC,stc@xa.example,@XA-so\n"
	"XA-H1,Ủy ban nhân dân huyện Hòa An,UBND huyện Hòa An,h1@xa.example,@XA-huyen\n"
	"@XA-so,\"các sở, ban, ngành\",,,\n"
	"@XA-huyen,\"Ủy ban nhân dân các huyện, thành phố\",\"UBND các huyện, thành phố\",,\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dd_units *units;
	static struct dd_calendar *cal;
	if (!units) {
		units = units_load_text(UNITS, strlen(UNITS), "fuzz.csv", NULL);
		cal = calendar_new();
	}
	struct dd_doc *doc = dd_read(data, size, NULL);
	if (doc) {
		directive_free(directive_analyze(doc, units, cal, 3));
		dd_doc_free(doc);
	}
	return 0;
}

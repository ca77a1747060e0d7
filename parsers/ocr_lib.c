/*
 * ocr_lib.c — loading Tesseract and Leptonica on first use (see ocr_lib.h).
 *
 * The libraries are opened by their Debian sonames; a function missing
 * from them means another, incompatible version: OCR is then unavailable
 * and the reader says so, rather than crashing. The handles stay open for
 * the life of the process.
 */
#include "parsers/ocr_lib.h"

#include <dlfcn.h>
#include <glib.h>
#include <string.h>

static const char *const TESSERACT_NAMES[] = {"libtesseract.so.5", "libtesseract.so"};
static const char *const LEPTONICA_NAMES[] = {"liblept.so.5", "libleptonica.so.6", "liblept.so"};

static struct ocr_lib lib;
static const char *lib_error;

static void *open_first(const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		if (h)
			return h;
	}
	return NULL;
}

/* Look up `name` in handle h into *slot (a function pointer member of lib);
 * false if missing. dlsym gives a void *: its bits are copied into the
 * function pointer, which POSIX guarantees has the same representation. */
static bool find(void *h, const char *name, void *slot, size_t size)
{
	void *sym = dlsym(h, name);
	if (!sym)
		return false;
	memcpy(slot, &sym, size);
	return true;
}

#define FIND(h, name) ok = find((h), #name, &lib.name, sizeof lib.name) && ok

static bool load(void)
{
	void *tess = open_first(TESSERACT_NAMES, G_N_ELEMENTS(TESSERACT_NAMES));
	void *lept = open_first(LEPTONICA_NAMES, G_N_ELEMENTS(LEPTONICA_NAMES));
	if (!tess || !lept) {
		lib_error = "Tesseract or Leptonica (packages libtesseract5, liblept5) not found";
		return false;
	}
	bool ok = true;
	FIND(tess, TessBaseAPICreate);
	FIND(tess, TessBaseAPIInit3);
	FIND(tess, TessBaseAPISetPageSegMode);
	FIND(tess, TessBaseAPISetVariable);
	FIND(tess, TessBaseAPISetImage2);
	FIND(tess, TessBaseAPISetSourceResolution);
	FIND(tess, TessBaseAPIRecognize);
	FIND(tess, TessBaseAPIGetIterator);
	FIND(tess, TessBaseAPIClear);
	FIND(tess, TessBaseAPIEnd);
	FIND(tess, TessBaseAPIDelete);
	FIND(tess, TessResultIteratorGetPageIterator);
	FIND(tess, TessResultIteratorGetUTF8Text);
	FIND(tess, TessResultIteratorConfidence);
	FIND(tess, TessResultIteratorDelete);
	FIND(tess, TessResultIteratorCopy);
	FIND(tess, TessPageIteratorIsAtBeginningOf);
	FIND(tess, TessPageIteratorBoundingBox);
	FIND(tess, TessPageIteratorBaseline);
	FIND(tess, TessPageIteratorNext);
	FIND(tess, TessDeleteText);
	FIND(lept, pixCreate);
	FIND(lept, pixDestroy);
	FIND(lept, pixGetData);
	FIND(lept, pixGetWpl);
	FIND(lept, pixGetDepth);
	FIND(lept, pixGetXRes);
	FIND(lept, pixSetResolution);
	FIND(lept, pixBackgroundNormSimple);
	FIND(lept, pixGammaTRC);
	FIND(lept, pixDeskew);
	FIND(lept, pixThresholdToBinary);
	FIND(lept, pixOpenBrick);
	FIND(lept, pixOr);
	FIND(lept, pixDilateBrick);
	FIND(lept, pixSetMasked);
	/* optional: found through Tesseract's own dependencies */
	find(tess, "omp_set_max_active_levels", &lib.omp_set_max_active_levels,
	     sizeof lib.omp_set_max_active_levels);
	if (!ok)
		lib_error = "Tesseract or Leptonica lacks a function dondoc uses (another version?)";
	return ok;
}

const struct ocr_lib *ocr_lib_get(const char **why)
{
	static gsize done = 0;
	static bool loaded;
	if (g_once_init_enter(&done)) {
		loaded = load();
		g_once_init_leave(&done, 1);
	}
	if (!loaded && why)
		*why = lib_error;
	return loaded ? &lib : NULL;
}

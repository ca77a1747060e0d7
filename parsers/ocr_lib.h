/*
 * ocr_lib.h — Tesseract and Leptonica, loaded only when a page needs OCR.
 *
 * Linking libtesseract (C++, with libgomp, libarchive and libcurl behind
 * it) into dondoc made every start of the program about 18 ms of CPU
 * slower, for every text PDF and DOCX, although most documents never need
 * OCR. So parsers/ocr.c calls the two libraries through this table of
 * functions, filled by ocr_lib_get() with dlopen()/dlsym() the first time a
 * scanned page is met. Each member has the type of the library function of
 * the same name (from tesseract/capi.h and Leptonica's allheaders.h), so
 * the compiler checks every call as if it were linked.
 */
#ifndef DONDOC_PARSERS_OCR_LIB_H
#define DONDOC_PARSERS_OCR_LIB_H

#include <allheaders.h>
#include <tesseract/capi.h>

#define OCR_FN(name) __typeof__(&name) name

struct ocr_lib {
	/* Tesseract */
	OCR_FN(TessBaseAPICreate);
	OCR_FN(TessBaseAPIInit3);
	OCR_FN(TessBaseAPISetPageSegMode);
	OCR_FN(TessBaseAPISetVariable);
	OCR_FN(TessBaseAPISetImage2);
	OCR_FN(TessBaseAPISetSourceResolution);
	OCR_FN(TessBaseAPIRecognize);
	OCR_FN(TessBaseAPIGetIterator);
	OCR_FN(TessBaseAPIClear);
	OCR_FN(TessBaseAPIEnd);
	OCR_FN(TessBaseAPIDelete);
	OCR_FN(TessResultIteratorGetPageIterator);
	OCR_FN(TessResultIteratorGetUTF8Text);
	OCR_FN(TessResultIteratorConfidence);
	OCR_FN(TessResultIteratorDelete);
	OCR_FN(TessResultIteratorCopy);
	OCR_FN(TessPageIteratorIsAtBeginningOf);
	OCR_FN(TessPageIteratorBoundingBox);
	OCR_FN(TessPageIteratorBaseline);
	OCR_FN(TessPageIteratorNext);
	OCR_FN(TessDeleteText);
	/* Leptonica */
	OCR_FN(pixCreate);
	OCR_FN(pixDestroy);
	OCR_FN(pixGetData);
	OCR_FN(pixGetWpl);
	OCR_FN(pixGetDepth);
	OCR_FN(pixGetXRes);
	OCR_FN(pixSetResolution);
	OCR_FN(pixBackgroundNormSimple);
	OCR_FN(pixGammaTRC);
	OCR_FN(pixDeskew);
	OCR_FN(pixThresholdToBinary);
	OCR_FN(pixOpenBrick);
	OCR_FN(pixOr);
	OCR_FN(pixDilateBrick);
	OCR_FN(pixSetMasked);
	/* OpenMP, behind Tesseract; NULL when Tesseract was built without it */
	void (*omp_set_max_active_levels)(int);
};

/* The loaded libraries, or NULL when they cannot be found (the reason in
 * *why, a static string). Thread-safe; loads once per process. */
const struct ocr_lib *ocr_lib_get(const char **why);

#endif

// Debian's libxml2 headers pull in the system ICU, which clashes with the ICU
// that Foundation carries ("'UErrorCode' has different definitions"). Read the
// version header first and switch ICU off before any other libxml header.
#ifndef WIREWATCH_CLIBXML2_SHIM_H
#define WIREWATCH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>
#endif

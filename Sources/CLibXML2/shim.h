#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU; its encoding.h would pull the system ICU headers into
// this module, where they clash with Foundation's bundled ICU. qgate never uses the ICU API.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

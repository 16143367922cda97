/* The floor: every XML file of the corpus through libxml2's SAX2 parser with
 * the options wirewatch uses, callbacks that build nothing. Files are read
 * into memory first; only parsing is timed, in CPU seconds (the machine is
 * shared: wall time would measure the neighbours).
 *   floor FILE...          one xmlCtxtReadMemory per file
 *   floor --push FILE...   fed as wirewatch feeds libxml2: a push parser, 256 KiB chunks
 * The two differ: the memory parse reads CDATA sections a character at a
 * time (xmlParseCDSect), the push parser in blocks, so the push floor is the
 * lower one on CDATA bodies; but without wirewatch's repair pass the push
 * parser gives up on some ill-formed files (it sees fewer elements), which
 * flatters it. Prints "files bytes seconds elements". */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long elements;
static void on_start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns,
                     int na, int nd, const xmlChar **a) { elements++; }
static void on_end(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void on_chars(void *c, const xmlChar *ch, int len) {}
static void on_error(void *u, xmlErrorPtr e) {}

#define OPTIONS (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_HUGE | XML_PARSE_NOCDATA)

/* As XMLEventReader does, but that libxml2 reads the charset itself (wirewatch
 * decodes first): the first four bytes let it detect the encoding. */
static void parse_pushed(xmlSAXHandler *sax, const char *buf, long len) {
    const int chunk = 1 << 18;
    int head = len < 4 ? (int)len : 4;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(sax, NULL, buf, head, NULL);
    if (!ctxt) return;
    xmlCtxtUseOptions(ctxt, OPTIONS);
    for (long off = head; off < len || off == head; off += chunk) {
        int k = len - off < chunk ? (int)(len - off) : chunk;
        if (xmlParseChunk(ctxt, buf + off, k, off + k >= len) != 0 && ctxt->disableSAX) break;
        if (off + k >= len) break;
    }
    if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
}

int main(int argc, char **argv) {
    int push = argc > 1 && strcmp(argv[1], "--push") == 0;
    if (push) { argv++; argc--; }
    int n = argc - 1;
    char **bufs = calloc(n, sizeof *bufs);
    long *lens = calloc(n, sizeof *lens), total = 0;
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 1], "rb");
        if (!f) { perror(argv[i + 1]); return 1; }
        fseek(f, 0, SEEK_END); lens[i] = ftell(f); fseek(f, 0, SEEK_SET);
        bufs[i] = malloc(lens[i]);
        if (fread(bufs[i], 1, lens[i], f) != (size_t)lens[i]) return 1;
        fclose(f);
        total += lens[i];
    }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.serror = on_error;
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int i = 0; i < n; i++) {
        if (push) { parse_pushed(&sax, bufs[i], lens[i]); continue; }
        xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
        xmlSAXHandler *saved = ctxt->sax;
        ctxt->sax = &sax;
        xmlCtxtReadMemory(ctxt, bufs[i], (int)lens[i], NULL, NULL, OPTIONS);
        ctxt->sax = saved;
        xmlFreeParserCtxt(ctxt);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    printf("%d %ld %.6f %ld\n", n, total, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, elements);
    return 0;
}

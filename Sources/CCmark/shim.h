#ifndef EVERMED_CCMARK_SHIM_H
#define EVERMED_CCMARK_SHIM_H
#include <stdbool.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

/* Parses GitHub-flavoured markdown (task lists and tables attached) into a document the caller frees with
   cmark_node_free; NULL when out of memory. The parser is freed here, on every path. */
static inline cmark_node *evm_cmark_parse_gfm(const char *text, size_t length) {
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (parser == NULL) return NULL;
    const char *names[] = {"tasklist", "table", "strikethrough"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        cmark_syntax_extension *extension = cmark_find_syntax_extension(names[i]);
        if (extension != NULL) cmark_parser_attach_syntax_extension(parser, extension);
    }
    cmark_parser_feed(parser, text, length);
    cmark_node *document = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    return document;
}

/* A list item of the tasklist extension (`- [ ]` / `- [x]`). */
static inline bool evm_cmark_is_task_item(cmark_node *node) {
    const char *type = cmark_node_get_type_string(node);
    return type != NULL && strcmp(type, "tasklist") == 0;
}

/* Whether a code block is fenced, and the fence's length and character (for spotting an unclosed fence). */
static inline int evm_cmark_fence(cmark_node *node, int *length, char *character) {
    int offset = 0;
    return cmark_node_get_fenced(node, length, &offset, character);
}
#endif

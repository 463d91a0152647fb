#ifndef EVERMED_CLIBEDIT_SHIM_H
#define EVERMED_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>

/* el_set, el_get and history are variadic: Swift cannot call them, so each use gets a typed wrapper. */
typedef char *(*evm_prompt_fn)(EditLine *);
typedef unsigned char (*evm_command_fn)(EditLine *, int);

static inline int evm_el_set_prompt(EditLine *el, evm_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int evm_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int evm_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int evm_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int evm_el_add_function(EditLine *el, const char *name, const char *help, evm_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int evm_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}
static inline int evm_el_setty(EditLine *el, const char *a, const char *b) {
    return el_set(el, EL_SETTY, a, b, NULL);
}
static inline int evm_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *evm_el_get_clientdata(EditLine *el) {
    void *data = 0;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
/* stdin/stdout/stderr are C globals Swift 6 treats as unsafe shared state: touch them here. */
static inline EditLine *evm_el_init_stdio(const char *prog) { return el_init(prog, stdin, stdout, stderr); }
static inline void evm_fflush_stdout(void) { fflush(stdout); }
static inline History *evm_history_new(int size) {
    HistEvent ev;
    History *h = history_init();
    if (h) {
        history(h, &ev, H_SETSIZE, size);
        history(h, &ev, H_SETUNIQUE, 1);
    }
    return h;
}
static inline int evm_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int evm_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int evm_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
#endif

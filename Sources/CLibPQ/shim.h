#ifndef EVERMED_CLIBPQ_SHIM_H
#define EVERMED_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* PG_DIAG_* are char-literal macros ('C', 'M', …) that Swift does not import; re-export them typed. */
static const int EVM_PG_DIAG_SEVERITY = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int EVM_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int EVM_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int EVM_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int EVM_PG_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int EVM_PG_DIAG_STATEMENT_POSITION = PG_DIAG_STATEMENT_POSITION;
static const int EVM_PG_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;
static const int EVM_PG_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int EVM_PG_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int EVM_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;

/* Notices go to stderr by default; a no-op receiver keeps libpq from printing behind the console's back. */
static void evm_pq_ignore_notice(void *arg, const PGresult *res) { (void)arg; (void)res; }
static inline void evm_pq_silence_notices(PGconn *conn) {
    PQsetNoticeReceiver(conn, evm_pq_ignore_notice, 0);
}
#endif

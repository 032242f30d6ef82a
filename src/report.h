/* Stage 9, report: what happened to every file and every operation, as text,
 * one JSON document (streamed, written with jansson), SARIF 2.1.0 for code
 * scanning, or GitHub workflow annotations. */
#ifndef MIGFIX_REPORT_H
#define MIGFIX_REPORT_H

#include "cli.h"

#include <stdio.h>

typedef struct mf_report mf_report;

/* A report on TOTAL files. With STDIN_MODE, stdout carries the file itself,
 * so the report goes to stderr. */
mf_report *mf_report_new(const mf_options *options, size_t total, bool stdin_mode);
/* Records RESULT; output for it is printed now (SARIF: at the end). */
void mf_report_file(mf_report *report, const mf_result *result);
/* Prints a note (e.g. a skipped path) in -v mode. */
void mf_report_note(mf_report *report, const char *text);
/* Prints the summary, frees REPORT and returns the exit code. A failure to
 * write stdout is itself an error (exit 2). */
mf_exit mf_report_finish(mf_report *report);

/* Appends TEXT escaped for a GitHub workflow command: % CR LF always, and
 * : , too in a PROPERTY (file=, title=). */
void mf_github_escape(mf_buf *out, const char *text, bool property);

#endif

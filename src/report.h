/* Stage 9, report: what happened to every file and every operation, as text
 * or as one JSON document (written with jansson). */
#ifndef MIGFIX_REPORT_H
#define MIGFIX_REPORT_H

#include "cli.h"

typedef struct mf_report mf_report;

mf_report *mf_report_new(const mf_options *options);
/* Records RESULT; text output is printed as it comes, JSON at the end. */
void mf_report_file(mf_report *report, const mf_result *result);
/* Prints the summary (or the JSON document), frees REPORT and returns the
 * exit code. A failure to write stdout is itself an error (exit 2). */
mf_exit mf_report_finish(mf_report *report);

#endif

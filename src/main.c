/* migfix: argv -> options -> files -> run -> report -> exit code. */
#include "cli.h"
#include "golden.h"
#include "parse.h"
#include "project.h"
#include "report.h"
#include "sql.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    mf_options options;
    int early = mf_cli_parse(argc, argv, &options);
    if (early >= 0)
        return early;

    if (!options.dialect_given) {
        /* The dialect of the project being fixed: its alembic.ini, from here up. */
        char *ini = mf_find_alembic_ini(".");
        char *url = ini ? mf_alembic_url(ini) : NULL;
        int dialect = url ? mf_dialect_of_url(url) : -1;
        if (dialect >= 0)
            options.settings.dialect = dialect;
        free(url);
        free(ini);
    }
    char *error = NULL;
    mf_config *config = mf_config_new(&options.settings, &error);
    if (!config) {
        fprintf(stderr, "migfix: error: %s\n", error);
        free(error);
        return MF_EXIT_ERROR;
    }
    if (options.print_helpers) {
        mf_buf module = {0};
        mf_templates_module(config->templates, &module);
        fputs(module.data, stdout);
        mf_buf_free(&module);
        mf_config_free(config);
        return fflush(stdout) == 0 ? MF_EXIT_OK : MF_EXIT_ERROR;
    }
    TSParser *parser = mf_parser_new();
    if (!parser) {
        fputs("migfix: error: the Python grammar does not fit the tree-sitter runtime\n", stderr);
        mf_config_free(config);
        return MF_EXIT_ERROR;
    }
    if (options.golden_dir) {
        mf_exit code = mf_golden_run(&options, config, parser);
        ts_parser_delete(parser);
        mf_config_free(config);
        return (int)code;
    }
    mf_inputs inputs = {0};
    mf_walk_paths(options.paths, options.npaths, &inputs);
    mf_report *report = mf_report_new(&options);
    for (size_t i = 0; i < inputs.len; i++) {
        mf_result result;
        mf_run_file(config, parser, options.mode, &inputs.items[i], &result);
        mf_report_file(report, &result);
        mf_result_free(&result);
    }
    mf_exit code = mf_report_finish(report);
    mf_inputs_free(&inputs);
    ts_parser_delete(parser);
    mf_config_free(config);
    return (int)code;
}

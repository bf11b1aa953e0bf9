# The modules, what each may use, and which module each public header belongs to
# (docs/architecture.md). The libraries are linked from this table, and the build checks every
# #include against it (cmake/check_module_edges.cmake): a wrong edge fails the build.
#
#   cli -> (reports, evaluate, registry, history, fleet);  evaluate -> (rules, expr, documents, probes) -> base;
#   rules -> (expr, documents);  reports -> base (they read result types only);
#   registry (certificates, their lifecycle, transparency log, the public site) -> history -> base,
#     and reports (its pages) privately;
#   history -> base (it stores result types; SQLite and zlib stay private to it).
#   fleet -> (documents, base): the fleet file, shards and the fleet index; cli runs the audits.
#
# A module may include its own headers and those of every module it reaches through the table.
# PUBLIC: the module's public headers use that module's (users of the module need it too);
# PRIVATE: only its sources do.

set(CHECKER_MODULES base expr documents rules probes evaluate reports history registry fleet cli)

set(CHECKER_MODULE_DIR_base checker/base)
set(CHECKER_MODULE_DIR_expr checker/expr)
set(CHECKER_MODULE_DIR_documents checker/documents)
set(CHECKER_MODULE_DIR_rules checker/rules)
set(CHECKER_MODULE_DIR_probes checker/probes)
set(CHECKER_MODULE_DIR_evaluate checker/evaluate)
set(CHECKER_MODULE_DIR_reports reports)
set(CHECKER_MODULE_DIR_registry checker/registry)
set(CHECKER_MODULE_DIR_history checker/history)
set(CHECKER_MODULE_DIR_fleet checker/fleet)
set(CHECKER_MODULE_DIR_cli checker/cli)

set(CHECKER_MODULE_PUBLIC_base "")
set(CHECKER_MODULE_PRIVATE_base "")
set(CHECKER_MODULE_PUBLIC_expr base)
set(CHECKER_MODULE_PRIVATE_expr "")
set(CHECKER_MODULE_PUBLIC_documents base)
set(CHECKER_MODULE_PRIVATE_documents "")
set(CHECKER_MODULE_PUBLIC_rules base expr)
set(CHECKER_MODULE_PRIVATE_rules documents)
set(CHECKER_MODULE_PUBLIC_probes base)
set(CHECKER_MODULE_PRIVATE_probes "")
set(CHECKER_MODULE_PUBLIC_evaluate base expr documents probes rules)
set(CHECKER_MODULE_PRIVATE_evaluate "")
set(CHECKER_MODULE_PUBLIC_reports base)
set(CHECKER_MODULE_PRIVATE_reports "")
set(CHECKER_MODULE_PUBLIC_registry base history)
set(CHECKER_MODULE_PRIVATE_registry reports)
set(CHECKER_MODULE_PUBLIC_history base)
set(CHECKER_MODULE_PRIVATE_history "")
set(CHECKER_MODULE_PUBLIC_fleet base)
set(CHECKER_MODULE_PRIVATE_fleet documents)
set(CHECKER_MODULE_PUBLIC_cli "")
set(CHECKER_MODULE_PRIVATE_cli evaluate reports registry history fleet)

# A module's public headers are include/<module>/checker/<name>.h: the folder says who owns a
# header, and only the module's own target exports it (its users get it through the link table).
# A header's #include line names it as "checker/<name>.h" wherever it lives.

# Known wrong edges, each with the reason it is still there; the check accepts exactly these
# (file, then the header it includes) and fails when one disappears, so the list only shrinks.
# None remain.
set(CHECKER_MODULE_KNOWN_EDGES "")

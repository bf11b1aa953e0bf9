# The module-edge check refuses every kind of wrong edge: it runs over a copy of the modules with
# one wrong #include planted at a time and must fail naming it (and pass on the clean copy).
#   cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch folder> -P wrong_edge_test.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK_DIR})
foreach(folder include checker reports cmake)
  file(COPY ${SOURCE_DIR}/${folder} DESTINATION ${WORK_DIR})
endforeach()

function(run_check result_var output_var)
  execute_process(COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${WORK_DIR}
    -P ${WORK_DIR}/cmake/check_module_edges.cmake
    RESULT_VARIABLE result ERROR_VARIABLE output OUTPUT_VARIABLE ignored)
  string(REGEX REPLACE "[ \n]+" " " output "${output}")
  set(${result_var} ${result} PARENT_SCOPE)
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

set(failures "")
run_check(result output)
if(NOT result EQUAL 0)
  list(APPEND failures "the unchanged copy is refused: ${output}")
endif()

# expect_refused(<file> <line to add> <words the message must contain>)
function(expect_refused file line expected)
  set(path ${WORK_DIR}/${file})
  set(original "")
  if(EXISTS ${path})
    file(READ ${path} original)
  endif()
  file(WRITE ${path} "${original}${line}\n")
  run_check(result output)
  if(original STREQUAL "")
    file(REMOVE ${path})
  else()
    file(WRITE ${path} "${original}")
  endif()
  if(result EQUAL 0)
    list(APPEND failures "${file} + '${line}' passed the check")
  else()
    string(FIND "${output}" "${expected}" at)
    if(at LESS 0)
      list(APPEND failures "${file} + '${line}': no '${expected}' in: ${output}")
    endif()
  endif()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

expect_refused(reports/json_report.cc [[#include "checker/audit.h"]]
  "reports/json_report.cc:")
expect_refused(reports/json_report.cc [[#include "checker/audit.h"]]
  "reports uses checker/audit.h of evaluate. reports may use reports, base")
expect_refused(checker/base/source.cc [[#include "checker/expr.h"]]
  "base uses checker/expr.h of expr")
expect_refused(checker/probes/scope.cc [[#include <checker/rule_set.h>]]
  "probes uses checker/rule_set.h of rules")
expect_refused(checker/expr/value.cc [[#include "checker/document.h"]]
  "expr uses checker/document.h of documents")
expect_refused(checker/evaluate/evaluate.cc [[#include "expr/ast.h"]]
  "evaluate uses expr/ast.h, a private header of expr")
expect_refused(checker/cli/cmd_audit.cc [[#include "probes/redact.h"]]
  "cli uses probes/redact.h, a private header of probes")
expect_refused(include/reports/checker/report.h [[#include "checker/audit.h"]]
  "a public header of reports uses checker/audit.h of evaluate")
expect_refused(include/rules/checker/rule_set.h [[#include "checker/document.h"]]
  "a public header of rules uses checker/document.h of documents")
expect_refused(include/documents/checker/document.h [[#include <yaml-cpp/yaml.h>]]
  "a public header uses yaml-cpp/yaml.h")
expect_refused(reports/html.cc [[#include "../include/evaluate/checker/audit.h"]]
  "../include/evaluate/checker/audit.h climbs out of the folder")
expect_refused(reports/html.cc [[#include "include/evaluate/checker/audit.h"]]
  "include/evaluate/checker/audit.h names the include folder")
expect_refused(include/checker/unowned.h [[#pragma once]]
  "include/checker/unowned.h belongs to no module")
expect_refused(include/fleet/unowned.h [[#pragma once]]
  "include/fleet/unowned.h belongs to no module")
expect_refused(include/nomodule/checker/stray.h [[#pragma once]]
  "include/nomodule/checker/stray.h: nomodule is not a module")
expect_refused(include/reports/checker/audit.h [[#pragma once]]
  "checker/audit.h is also a header of")

if(failures)
  string(JOIN "\n  " text ${failures})
  message(FATAL_ERROR "the module-edge check let a wrong edge through:\n  ${text}")
endif()
message(STATUS "every planted wrong edge was refused")

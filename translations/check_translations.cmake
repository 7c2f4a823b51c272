# SPDX-License-Identifier: MIT
# cmake -DLUPDATE=<lupdate> [-DLUPDATE_OPTIONS=<a;b>] -DLUPDATE_PROJECT=<..._project.cmake>
#       -DGENERATE_PROJECT_SCRIPT=<Qt's GenerateLUpdateProject.cmake> -DWORK_DIR=<scratch dir>
#       -P check_translations.cmake
# Fails when a .ts falls behind the sources. LUPDATE_PROJECT is the description qt_add_translations
# writes at configure time (sources, include paths, .ts files); from it this script writes the same
# lupdate project file the update_translations target does, runs lupdate on a copy of each .ts in
# WORK_DIR (the .ts itself is never touched) and fails if the copy has a message that is
# unfinished or empty: a string new in the sources or one nobody translated yet. Messages whose
# string left the sources (vanished, obsolete) are only reported.
cmake_minimum_required(VERSION 3.25)

foreach(variable IN ITEMS LUPDATE LUPDATE_PROJECT GENERATE_PROJECT_SCRIPT WORK_DIR)
    if(NOT ${variable})
        message(FATAL_ERROR "check_translations.cmake: ${variable} is not set")
    endif()
endforeach()
if(NOT EXISTS "${LUPDATE}")
    message(FATAL_ERROR "lupdate not found (${LUPDATE}): apt-get install qt6-l10n-tools")
endif()
if(NOT EXISTS "${LUPDATE_PROJECT}")
    message(FATAL_ERROR "${LUPDATE_PROJECT} is missing: configure the build tree again "
        "(qt_add_translations writes it at generate time).")
endif()
if(NOT EXISTS "${GENERATE_PROJECT_SCRIPT}")
    message(FATAL_ERROR "${GENERATE_PROJECT_SCRIPT} is missing (Qt6LinguistTools).")
endif()

# Sets lupdate_translations (the .ts files), lupdate_sources and lupdate_include_paths.
include("${LUPDATE_PROJECT}")
if(NOT lupdate_translations)
    message(FATAL_ERROR "${LUPDATE_PROJECT} names no .ts file")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(project_json "${WORK_DIR}/lupdate-project.json")
execute_process(
    COMMAND "${CMAKE_COMMAND}" "-DIN_FILE=${LUPDATE_PROJECT}" "-DOUT_FILE=${project_json}"
            -P "${GENERATE_PROJECT_SCRIPT}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "Could not write the lupdate project file ${project_json}")
endif()

# Text that is safe in a CMake list: ; [ ] (they split or group list elements) become control
# characters, which XML 1.0 does not allow in a .ts. And back, unescaped: _ts_readable.
string(ASCII 1 _ts_semicolon)
string(ASCII 2 _ts_open_bracket)
string(ASCII 3 _ts_close_bracket)
function(_ts_protect out text)
    string(REPLACE ";" "${_ts_semicolon}" text "${text}")
    string(REPLACE "[" "${_ts_open_bracket}" text "${text}")
    string(REPLACE "]" "${_ts_close_bracket}" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Protected, escaped .ts text back as it reads (the result is no longer safe in a list).
function(_ts_readable out text)
    string(REPLACE "${_ts_semicolon}" ";" text "${text}")
    string(REPLACE "${_ts_open_bracket}" "[" text "${text}")
    string(REPLACE "${_ts_close_bracket}" "]" text "${text}")
    string(REPLACE "&lt;" "<" text "${text}")
    string(REPLACE "&gt;" ">" text "${text}")
    string(REPLACE "&quot;" "\"" text "${text}")
    string(REPLACE "&apos;" "'" text "${text}")
    string(REPLACE "&amp;" "&" text "${text}")
    string(REPLACE "\n" "\\n" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# _ts_read_messages(<file> <prefix>): the messages of a .ts file, as lists (protected text):
#   <prefix>_keys    context, comment and source of each message, unique within a .ts
#   <prefix>_states  finished, unfinished, empty (finished, but with an empty translation),
#                    vanished or obsolete
function(_ts_read_messages file prefix)
    file(READ "${file}" text)
    _ts_protect(text "${text}")
    # One element per message; the first message of a context brings the context's name along.
    string(REPLACE "</message>" "</message>;" chunks "${text}")
    set(context "")
    set(keys "")
    set(states "")
    foreach(chunk IN LISTS chunks)
        string(FIND "${chunk}" "<message" at)
        if(at LESS 0)
            continue()
        endif()
        string(SUBSTRING "${chunk}" 0 ${at} before)
        string(SUBSTRING "${chunk}" ${at} -1 body)
        if(before MATCHES "<name>([^<]*)</name>")
            set(context "${CMAKE_MATCH_1}")
        endif()
        set(source "")
        if(body MATCHES "<source>([^<]*)</source>")
            set(source "${CMAKE_MATCH_1}")
        endif()
        set(comment "")
        if(body MATCHES "<comment>([^<]*)</comment>")
            set(comment "${CMAKE_MATCH_1}")
        endif()
        if(body MATCHES "<translation type=\"([a-z]+)\"")
            set(state "${CMAKE_MATCH_1}")
        elseif(body MATCHES "<translation */>|<translation></translation>|<numerusform */>|<numerusform></numerusform>")
            set(state "empty")
        else()
            set(state "finished")
        endif()
        list(APPEND keys "${context}<FIELD>${comment}<FIELD>${source}")
        list(APPEND states "${state}")
    endforeach()
    set(${prefix}_keys "${keys}" PARENT_SCOPE)
    set(${prefix}_states "${states}" PARENT_SCOPE)
endfunction()

# "Context: “source”" (and the disambiguation comment, if any) for a message key, protected.
function(_ts_describe out key)
    string(REPLACE "<FIELD>" ";" fields "${key}")
    list(GET fields 0 context)
    list(GET fields 1 comment)
    list(GET fields 2 source)
    set(text "${context}: “${source}”")
    if(NOT comment STREQUAL "")
        string(APPEND text " (${comment})")
    endif()
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Appends a line per entry of the list `entries` (protected) to the string `out`, readable.
function(_ts_append_lines out entries)
    set(text "${${out}}")
    foreach(entry IN LISTS ${entries})
        _ts_readable(entry "${entry}")
        string(APPEND text "  ${entry}\n")
    endforeach()
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(failed "")
foreach(ts IN LISTS lupdate_translations)
    if(NOT EXISTS "${ts}")
        message(FATAL_ERROR "${ts} does not exist: build the update_translations target to create it")
    endif()
    get_filename_component(ts_name "${ts}" NAME)
    set(copy "${WORK_DIR}/${ts_name}")
    file(COPY_FILE "${ts}" "${copy}")

    # -ts names the copy, overriding the project's .ts (lupdate warns about that on stderr).
    execute_process(
        COMMAND "${LUPDATE}" -project "${project_json}" ${LUPDATE_OPTIONS} -ts "${copy}"
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
    string(REGEX REPLACE "[^\n]*TS files from command line will override TRANSLATIONS[^\n]*\n?" "" errors "${errors}")
    message("${output}${errors}")
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "lupdate exited with ${result} on ${copy}")
    endif()

    _ts_read_messages("${ts}" before)
    _ts_read_messages("${copy}" after)

    set(missing "")   # in the sources, not in the .ts
    set(untranslated "")
    set(gone "")
    list(LENGTH after_keys count)
    if(count GREATER 0)
        math(EXPR last "${count} - 1")
        foreach(i RANGE ${last})
            list(GET after_keys ${i} key)
            list(GET after_states ${i} state)
            if(state STREQUAL "finished")
                continue()
            endif()
            _ts_describe(description "${key}")
            if(state MATCHES "^(vanished|obsolete)$")
                list(APPEND gone "${description}")
                continue()
            endif()
            list(FIND before_keys "${key}" at)
            set(was "")
            if(at GREATER_EQUAL 0)
                list(GET before_states ${at} was)
            endif()
            if(at LESS 0 OR was MATCHES "^(vanished|obsolete)$")
                list(APPEND missing "${description}")
            else()
                list(APPEND untranslated "${description}")
            endif()
        endforeach()
    endif()

    set(report "")
    list(LENGTH missing missing_count)
    if(missing_count GREATER 0)
        string(APPEND report "${ts_name}: ${missing_count} string(s) in the sources are missing from "
            "the .ts; build the update_translations target, then translate them:\n")
        _ts_append_lines(report missing)
    endif()
    list(LENGTH untranslated untranslated_count)
    if(untranslated_count GREATER 0)
        string(APPEND report "${ts_name}: ${untranslated_count} message(s) are not translated "
            "(type=\"unfinished\" or an empty translation):\n")
        _ts_append_lines(report untranslated)
    endif()
    if(NOT report STREQUAL "")
        message("${report}")
        list(APPEND failed "${ts_name}")
    endif()
    list(LENGTH gone gone_count)
    if(gone_count GREATER 0)
        string(CONCAT note "${ts_name}: note: ${gone_count} message(s) are no longer in the sources "
            "(lupdate -no-obsolete drops them):\n")
        _ts_append_lines(note gone)
        message("${note}")
    endif()
    if(report STREQUAL "")
        list(LENGTH after_keys total)
        math(EXPR translated "${total} - ${gone_count}")
        message("${ts_name}: all ${translated} messages in the sources are translated.")
    endif()
endforeach()

if(failed)
    message(FATAL_ERROR "The translations fall behind the sources: ${failed}")
endif()

// The spool folder holds a process's temporary files: streamed uploads, ranges fetched
// from a remote store, the scratch folders of media jobs. Their names carry the pid of
// the process that made them, so that a process starting later removes what a killed
// one left behind without touching the files of one still running.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace storage::spool {

// "{dir}/{kind}-{pid}-XXXXXX": a template for mkstemp or mkdtemp.
std::string name_template(const std::string& dir, std::string_view kind);

// Removes the entries of `dir` named by a process that no longer runs; returns how many.
// Entries of running processes, and names not made by name_template, stay.
std::size_t sweep(const std::string& dir);

}  // namespace storage::spool

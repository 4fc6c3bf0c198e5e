# Writes OUTPUT, a C++ source defining `interview::embedded::<SYMBOL>` byte arrays for
# each INPUT file, so migrations and the API document travel inside the binary.
# Called as: cmake -DOUTPUT=... -DNAMESPACE_FN=... -DINPUTS="a;b" -P embed_files.cmake
set(content "// Generated from ${INPUTS}; do not edit.\n#include \"util/embedded.hpp\"\n\nnamespace embedded {\n")
set(entries "")
foreach(input IN LISTS INPUTS)
  get_filename_component(name "${input}" NAME)
  file(READ "${input}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR size "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(MAKE_C_IDENTIFIER "${name}" ident)
  string(APPEND content "static const char k_${ident}[] = {${bytes} 0};\n")
  string(APPEND entries "    {\"${name}\", std::string_view(k_${ident}, ${size})},\n")
endforeach()
string(APPEND content "\nstd::span<const File> ${FUNCTION}() {\n  static const File files[] = {\n${entries}  };\n  return files;\n}\n\n}  // namespace embedded\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)

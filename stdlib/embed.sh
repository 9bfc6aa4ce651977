#!/bin/sh
# Embeds stdlib/*.lua into the binary: prints the Swift source of Sources/LuaStdlib/EmbeddedLua.swift.
# Regenerate with: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift   (from the package root)
set -e
cd "$(dirname "$0")"
echo '// Generated from stdlib/*.lua by stdlib/embed.sh; do not edit. Regenerate: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift'
echo '//'
echo '// Invariant: one entry per stdlib/*.lua file, in name order, its text verbatim (a test checks it).'
echo ''
echo 'enum EmbeddedLua {'
echo '    static let chunks: [(name: String, source: String)] = ['
for f in $(ls *.lua | LC_ALL=C sort); do
  printf '        ("%s", #"""\n' "$f"
  cat "$f"
  printf '"""#),\n'
done
echo '    ]'
echo '}'

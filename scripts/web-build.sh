#!/bin/sh
# Builds the admin web app into web/dist, doing only what is out of date:
#   npm ci       when web/node_modules is missing or older than web/package-lock.json;
#   npm run build when a source is newer than web/dist (or dist is missing);
#   then a .gz (gzip -9) beside every .js/.css/.html/.svg/.json over 1 KB in web/dist, rewritten
#   only when missing or older than its source, and given the source's mtime so that the server
#   can serve either with the same Last-Modified.
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
web="$root/web"
dist="$web/dist"
cd "$web"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    echo "web-build: npm ci"
    npm ci --no-audit --no-fund
    touch node_modules
fi

needs_build() {
    [ -f "$dist/index.html" ] || return 0
    # any source, config or lock file newer than the last build output
    newer=$(find src survey public index.html package.json package-lock.json vite.config.ts tsconfig.json \
        -newer "$dist/index.html" -print 2>/dev/null | head -n 1)
    [ -n "$newer" ]
}

if needs_build; then
    echo "web-build: npm run build"
    npm run build
    touch "$dist/index.html"
else
    echo "web-build: web/dist is up to date"
fi

count=0
for file in $(find "$dist" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' \
        -o -name '*.svg' -o -name '*.json' \) -size +1k); do
    if [ ! -f "$file.gz" ] || [ "$file" -nt "$file.gz" ]; then
        gzip -9 -n -c "$file" > "$file.gz.tmp"
        mv "$file.gz.tmp" "$file.gz"
        touch -r "$file" "$file.gz"
        count=$((count + 1))
    fi
done
echo "web-build: precompressed $count file(s)"

#!/bin/sh
# Put Dabir in this user's applications menu (no root needed): the bundle is copied to
# ~/.local/opt/dabir, `dabir` linked into ~/.local/bin, the menu entry, icons and the .dabir file type
# registered under ~/.local/share. `install-desktop.sh --uninstall` removes exactly those; the user's
# data folder (~/.local/share/Dabir, the .dabir file and its backups) is never touched.
#
# Run it from an unpacked bundle (`make dist` copies it, with dabir.desktop and dabir-mime.xml, into
# dist/dabir/) or from a checkout (`make install-desktop`).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$here/dabir" ]; then bundle=$here; else bundle=$(cd "$here/../.." && pwd)/dist/dabir; fi
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/dabir
bin=$HOME/.local/bin
icons=$data/icons/hicolor

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
    command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" >/dev/null 2>&1 || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$opt"
    rm -f "$bin/dabir" "$data/applications/dabir.desktop" "$data/mime/packages/dabir.xml" \
          "$icons/scalable/apps/dabir.svg" "$icons"/*/apps/dabir.png
    refresh
    echo "Dabir removed; your data in $data/Dabir is kept."
    exit 0
fi

[ -x "$bundle/dabir" ] || { echo "no bundle at $bundle: run make dist first" >&2; exit 2; }
res=$bundle/_internal/resources

mkdir -p "$opt" "$bin" "$data/applications" "$data/mime/packages" "$icons/scalable/apps"
if [ "$bundle" != "$opt" ]; then
    rm -rf "$opt"
    cp -a "$bundle" "$opt"
fi
ln -sf "$opt/dabir" "$bin/dabir"
for size in 16 24 32 48 64 128 256; do
    mkdir -p "$icons/${size}x$size/apps"
    cp "$res/icons/dabir-$size.png" "$icons/${size}x$size/apps/dabir.png"
done
cp "$res/icons/dabir.svg" "$icons/scalable/apps/dabir.svg"
sed "s|^Exec=dabir |Exec=\"$opt/dabir\" |" "$here/dabir.desktop" > "$data/applications/dabir.desktop"
cp "$here/dabir-mime.xml" "$data/mime/packages/dabir.xml"
refresh
echo "Dabir installed in $opt; it is in the applications menu (Office) and opens .dabir files."

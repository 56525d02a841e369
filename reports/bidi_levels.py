"""Resolved embedding levels of the Unicode Bidirectional Algorithm (UAX #9, rules P2-P3, X1-X10,
W1-W7, N0-N2, I1-I2, and L1 on request), from Python's own Unicode database: a plain function that
returns levels.

Why our own: reports/bidi_text.py needs the levels (it breaks lines first, then reorders each line
from its paragraph's levels, rules L1-L2). python-bidi 0.6 exposes them only in its debug dump
(we parsed it, pinned below 0.7); ICU has them, but PyICU ships no wheels (it builds against a
system ICU) and icu4py (16 MB wheel, 44 MB installed) has no BiDi module. Checked against every
line of Unicode's BidiCharacterTest.txt (tests/reports/test_bidi_levels.py).

Characters X9 removes (explicit embeddings and overrides, PDF, BN such as ZWNJ) get the level of
the character before them (the paragraph level at the start), so that they travel with their
neighbour when a line is reordered; with `line_rules` they get the paragraph level's treatment of
L1 like white space at a line end.

A reader of this code can follow UAX #9 section 3.3 rule by rule; the comments name the rules."""
import unicodedata

# Bidi_Paired_Bracket for the opening brackets (BidiBrackets.txt, Unicode 15.0): open, close
_PAIRS = (
    "00280029 005B005D 007B007D 0F3A0F3B 0F3C0F3D 169B169C 20452046 207D207E 208D208E 23082309 "
    "230A230B 2329232A 27682769 276A276B 276C276D 276E276F 27702771 27722773 27742775 27C527C6 "
    "27E627E7 27E827E9 27EA27EB 27EC27ED 27EE27EF 29832984 29852986 29872988 2989298A 298B298C "
    "298D2990 298F298E 29912992 29932994 29952996 29972998 29D829D9 29DA29DB 29FC29FD 2E222E23 "
    "2E242E25 2E262E27 2E282E29 2E552E56 2E572E58 2E592E5A 2E5B2E5C 30083009 300A300B 300C300D "
    "300E300F 30103011 30143015 30163017 30183019 301A301B FE59FE5A FE5BFE5C FE5DFE5E FF08FF09 "
    "FF3BFF3D FF5BFF5D FF5FFF60 FF62FF63 "
)
_OPEN = {chr(int(p[:4], 16)): chr(int(p[4:], 16)) for p in "".join(_PAIRS).split()}
_CLOSE = {c: o for o, c in _OPEN.items()}
# Bidi_Mirroring_Glyph (BidiMirroring.txt, Unicode 15.0): what rule L4 draws for a mirrored character
_MIRROR_PAIRS = (
    "00280029 00290028 003C003E 003E003C 005B005D 005D005B 007B007D 007D007B 00AB00BB 00BB00AB "
    "0F3A0F3B 0F3B0F3A 0F3C0F3D 0F3D0F3C 169B169C 169C169B 2039203A 203A2039 20452046 20462045 "
    "207D207E 207E207D 208D208E 208E208D 2208220B 2209220C 220A220D 220B2208 220C2209 220D220A "
    "221529F5 221F2BFE 222029A3 2221299B 222229A0 22242AEE 223C223D 223D223C 224322CD 2245224C "
    "224C2245 22522253 22532252 22542255 22552254 22642265 22652264 22662267 22672266 22682269 "
    "22692268 226A226B 226B226A 226E226F 226F226E 22702271 22712270 22722273 22732272 22742275 "
    "22752274 22762277 22772276 22782279 22792278 227A227B 227B227A 227C227D 227D227C 227E227F "
    "227F227E 22802281 22812280 22822283 22832282 22842285 22852284 22862287 22872286 22882289 "
    "22892288 228A228B 228B228A 228F2290 2290228F 22912292 22922291 229829B8 22A222A3 22A322A2 "
    "22A62ADE 22A82AE4 22A92AE3 22AB2AE5 22B022B1 22B122B0 22B222B3 22B322B2 22B422B5 22B522B4 "
    "22B622B7 22B722B6 22B827DC 22C922CA 22CA22C9 22CB22CC 22CC22CB 22CD2243 22D022D1 22D122D0 "
    "22D622D7 22D722D6 22D822D9 22D922D8 22DA22DB 22DB22DA 22DC22DD 22DD22DC 22DE22DF 22DF22DE "
    "22E022E1 22E122E0 22E222E3 22E322E2 22E422E5 22E522E4 22E622E7 22E722E6 22E822E9 22E922E8 "
    "22EA22EB 22EB22EA 22EC22ED 22ED22EC 22F022F1 22F122F0 22F222FA 22F322FB 22F422FC 22F622FD "
    "22F722FE 22FA22F2 22FB22F3 22FC22F4 22FD22F6 22FE22F7 23082309 23092308 230A230B 230B230A "
    "2329232A 232A2329 27682769 27692768 276A276B 276B276A 276C276D 276D276C 276E276F 276F276E "
    "27702771 27712770 27722773 27732772 27742775 27752774 27C327C4 27C427C3 27C527C6 27C627C5 "
    "27C827C9 27C927C8 27CB27CD 27CD27CB 27D527D6 27D627D5 27DC22B8 27DD27DE 27DE27DD 27E227E3 "
    "27E327E2 27E427E5 27E527E4 27E627E7 27E727E6 27E827E9 27E927E8 27EA27EB 27EB27EA 27EC27ED "
    "27ED27EC 27EE27EF 27EF27EE 29832984 29842983 29852986 29862985 29872988 29882987 2989298A "
    "298A2989 298B298C 298C298B 298D2990 298E298F 298F298E 2990298D 29912992 29922991 29932994 "
    "29942993 29952996 29962995 29972998 29982997 299B2221 29A02222 29A32220 29A429A5 29A529A4 "
    "29A829A9 29A929A8 29AA29AB 29AB29AA 29AC29AD 29AD29AC 29AE29AF 29AF29AE 29B82298 29C029C1 "
    "29C129C0 29C429C5 29C529C4 29CF29D0 29D029CF 29D129D2 29D229D1 29D429D5 29D529D4 29D829D9 "
    "29D929D8 29DA29DB 29DB29DA 29E829E9 29E929E8 29F52215 29F829F9 29F929F8 29FC29FD 29FD29FC "
    "2A2B2A2C 2A2C2A2B 2A2D2A2E 2A2E2A2D 2A342A35 2A352A34 2A3C2A3D 2A3D2A3C 2A642A65 2A652A64 "
    "2A792A7A 2A7A2A79 2A7B2A7C 2A7C2A7B 2A7D2A7E 2A7E2A7D 2A7F2A80 2A802A7F 2A812A82 2A822A81 "
    "2A832A84 2A842A83 2A852A86 2A862A85 2A872A88 2A882A87 2A892A8A 2A8A2A89 2A8B2A8C 2A8C2A8B "
    "2A8D2A8E 2A8E2A8D 2A8F2A90 2A902A8F 2A912A92 2A922A91 2A932A94 2A942A93 2A952A96 2A962A95 "
    "2A972A98 2A982A97 2A992A9A 2A9A2A99 2A9B2A9C 2A9C2A9B 2A9D2A9E 2A9E2A9D 2A9F2AA0 2AA02A9F "
    "2AA12AA2 2AA22AA1 2AA62AA7 2AA72AA6 2AA82AA9 2AA92AA8 2AAA2AAB 2AAB2AAA 2AAC2AAD 2AAD2AAC "
    "2AAF2AB0 2AB02AAF 2AB12AB2 2AB22AB1 2AB32AB4 2AB42AB3 2AB52AB6 2AB62AB5 2AB72AB8 2AB82AB7 "
    "2AB92ABA 2ABA2AB9 2ABB2ABC 2ABC2ABB 2ABD2ABE 2ABE2ABD 2ABF2AC0 2AC02ABF 2AC12AC2 2AC22AC1 "
    "2AC32AC4 2AC42AC3 2AC52AC6 2AC62AC5 2AC72AC8 2AC82AC7 2AC92ACA 2ACA2AC9 2ACB2ACC 2ACC2ACB "
    "2ACD2ACE 2ACE2ACD 2ACF2AD0 2AD02ACF 2AD12AD2 2AD22AD1 2AD32AD4 2AD42AD3 2AD52AD6 2AD62AD5 "
    "2ADE22A6 2AE322A9 2AE422A8 2AE522AB 2AEC2AED 2AED2AEC 2AEE2224 2AF72AF8 2AF82AF7 2AF92AFA "
    "2AFA2AF9 2BFE221F 2E022E03 2E032E02 2E042E05 2E052E04 2E092E0A 2E0A2E09 2E0C2E0D 2E0D2E0C "
    "2E1C2E1D 2E1D2E1C 2E202E21 2E212E20 2E222E23 2E232E22 2E242E25 2E252E24 2E262E27 2E272E26 "
    "2E282E29 2E292E28 2E552E56 2E562E55 2E572E58 2E582E57 2E592E5A 2E5A2E59 2E5B2E5C 2E5C2E5B "
    "30083009 30093008 300A300B 300B300A 300C300D 300D300C 300E300F 300F300E 30103011 30113010 "
    "30143015 30153014 30163017 30173016 30183019 30193018 301A301B 301B301A FE59FE5A FE5AFE59 "
    "FE5BFE5C FE5CFE5B FE5DFE5E FE5EFE5D FE64FE65 FE65FE64 FF08FF09 FF09FF08 FF1CFF1E FF1EFF1C "
    "FF3BFF3D FF3DFF3B FF5BFF5D FF5DFF5B FF5FFF60 FF60FF5F FF62FF63 FF63FF62 ")
MIRRORED = {chr(int(p[:4], 16)): chr(int(p[4:], 16)) for p in "".join(_MIRROR_PAIRS).split()}
# canonical equivalents (UAX #9 BD16: a bracket matches its canonical equivalent)
_CANON = {"\u2329": "\u3008", "\u232a": "\u3009"}
_MAX_DEPTH = 125
_ISOLATES = ("LRI", "RLI", "FSI")
_REMOVED = ("RLE", "LRE", "RLO", "LRO", "PDF", "BN")
_STRONG = ("L", "R", "AL")


def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def paragraph_level(classes: list[str], start: int = 0, end: int | None = None) -> int:
    """P2-P3: 1 if the first strong character (outside isolates) is R or AL, else 0."""
    depth = 0
    for t in classes[start:end]:
        if t in _ISOLATES:
            depth += 1
        elif t == "PDI":
            if depth:
                depth -= 1
        elif depth == 0 and t in _STRONG:
            return 0 if t == "L" else 1
    return 0


def _matching_pdi(classes: list[str], i: int) -> int:
    depth = 1
    for j in range(i + 1, len(classes)):
        if classes[j] in _ISOLATES:
            depth += 1
        elif classes[j] == "PDI":
            depth -= 1
            if depth == 0:
                return j
        elif classes[j] == "B":
            break
    return len(classes)


def embedding_levels(text: str, base_level: int | None = 1, line_rules: bool = False) -> list[int]:
    """One resolved level per character of one paragraph. `base_level`: 0 (LTR), 1 (RTL) or None
    (from the first strong character, P2-P3). `line_rules`: apply L1 as for a single line (segment
    separators and trailing white space to the paragraph level); removed characters then keep the
    level L1 gives them."""
    classes = [bidi_class(c) for c in text]
    n = len(text)
    para = paragraph_level(classes) if base_level is None else base_level
    levels = [para] * n
    types = list(classes)

    # X1-X8: explicit levels and directions
    stack = [(para, None, False)]       # (level, override "L"/"R"/None, isolate)
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, t in enumerate(classes):
        level, override, _ = stack[-1]
        if t in ("RLE", "LRE", "RLO", "LRO"):
            new = (level + 1) | 1 if t[0] == "R" else (level + 2) & ~1
            levels[i] = level
            if new <= _MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                stack.append((new, {"O": t[0], "E": None}[t[2]], False))
            elif overflow_isolates == 0:
                overflow_embeddings += 1
        elif t in _ISOLATES:
            levels[i] = level
            if override:
                types[i] = override
            rtl = t == "RLI" or (t == "FSI" and paragraph_level(classes, i + 1, _matching_pdi(classes, i)) == 1)
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= _MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif t == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                types[i] = override
        elif t == "PDF":
            levels[i] = level
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
        elif t == "B":
            levels[i] = para
        else:
            levels[i] = level
            if t != "BN" and override:
                types[i] = override

    # X9-X10: level runs over the characters X9 keeps, joined into isolating run sequences
    kept = [i for i in range(n) if classes[i] not in _REMOVED]
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_of = {run[0]: r for r, run in enumerate(runs)}
    sequences, used = [], set()
    for r, run in enumerate(runs):
        if r in used or (classes[run[0]] == "PDI" and _opens(classes, run[0], runs, run_of)):
            continue
        seq = list(run)
        used.add(r)
        while classes[seq[-1]] in _ISOLATES:
            pdi = _matching_pdi(classes, seq[-1])
            if pdi >= n or pdi not in run_of:
                break
            nxt = run_of[pdi]
            used.add(nxt)
            seq += runs[nxt]
        sequences.append(seq)

    explicit = list(levels)                 # sos/eos compare with these, not with resolved levels
    for seq in sequences:
        _resolve(seq, text, classes, types, explicit, levels, para, n)
    # removed characters travel with the character before them
    for i in range(n):
        if classes[i] in _REMOVED:
            levels[i] = levels[i - 1] if i else para

    if line_rules:
        # L1: segment and paragraph separators, and white space (with isolates and removed
        # characters) before them or at the end of the line, go to the paragraph level
        trailing = True
        for i in range(n - 1, -1, -1):
            t = classes[i]
            if t in ("S", "B"):
                levels[i] = para
                trailing = True
            elif t in ("WS", "PDI") or t in _ISOLATES or t in _REMOVED:
                if trailing:
                    levels[i] = para
            else:
                trailing = False
    return levels


def _opens(classes, i, runs, run_of) -> bool:
    """Whether the PDI at i matches an isolate initiator that ends an earlier level run."""
    depth = 0
    for j in range(i - 1, -1, -1):
        if classes[j] == "PDI":
            depth += 1
        elif classes[j] in _ISOLATES:
            if depth == 0:
                return _matching_pdi(classes, j) == i and any(run[-1] == j for run in runs)
            depth -= 1
    return False


def _strong(t: str) -> str | None:
    """N1-N2's direction of a resolved type: EN and AN count as R."""
    if t == "L":
        return "L"
    if t in ("R", "AL", "EN", "AN"):
        return "R"
    return None


def _resolve(seq: list[int], text, classes, types, explicit, levels, para, n) -> None:
    """W1-W7, N0-N2 and I1-I2 on one isolating run sequence (indices into the paragraph); writes
    the resolved levels into `levels`."""
    level = explicit[seq[0]]
    # sos/eos: the higher of this level and the level of the character before (after) the sequence
    before = seq[0] - 1
    while before >= 0 and classes[before] in _REMOVED:
        before -= 1
    prev_level = explicit[before] if before >= 0 else para
    last = seq[-1]
    if classes[last] in _ISOLATES:         # an isolate initiator without its PDI here
        next_level = para
    else:
        after = last + 1
        while after < n and classes[after] in _REMOVED:
            after += 1
        next_level = explicit[after] if after < n else para
    sos = "R" if max(level, prev_level) % 2 else "L"
    eos = "R" if max(level, next_level) % 2 else "L"
    t = [types[i] for i in seq]
    m = len(t)

    # W1: NSM takes the type of the previous character (ON after an isolate initiator or PDI)
    for k in range(m):
        if t[k] == "NSM":
            t[k] = sos if k == 0 else ("ON" if t[k - 1] in _ISOLATES + ("PDI",) else t[k - 1])
    # W2: EN after AL (searching back to a strong type or sos) becomes AN
    last_strong = sos
    for k in range(m):
        if t[k] in _STRONG:
            last_strong = t[k]
        elif t[k] == "EN" and last_strong == "AL":
            t[k] = "AN"
    # W3
    t = ["R" if x == "AL" else x for x in t]
    # W4: a single ES between ENs, a single CS between two numbers of the same type
    for k in range(1, m - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] in ("EN", "AN") and t[k + 1] == t[k - 1]:
            t[k] = t[k - 1]
    # W5: a sequence of ETs next to an EN becomes EN
    k = 0
    while k < m:
        if t[k] == "ET":
            e = k
            while e < m and t[e] == "ET":
                e += 1
            if (k > 0 and t[k - 1] == "EN") or (e < m and t[e] == "EN"):
                t[k:e] = ["EN"] * (e - k)
            k = e
        else:
            k += 1
    # W6: remaining separators and terminators become ON
    t = ["ON" if x in ("ES", "ET", "CS") else x for x in t]
    # W7: EN after L (searching back to a strong type or sos) becomes L
    last_strong = sos
    for k in range(m):
        if t[k] in ("L", "R"):
            last_strong = t[k]
        elif t[k] == "EN" and last_strong == "L":
            t[k] = "L"

    # N0: paired brackets
    e_dir = "R" if level % 2 else "L"
    pairs, open_stack = [], []
    for k in range(m):
        if t[k] != "ON":
            continue
        ch = _CANON.get(text[seq[k]], text[seq[k]])
        if ch in _OPEN:
            if len(open_stack) == 63:
                break
            open_stack.append((_CANON.get(_OPEN[ch], _OPEN[ch]), k))
        elif ch in _CLOSE:
            for s in range(len(open_stack) - 1, -1, -1):
                if open_stack[s][0] == ch:
                    pairs.append((open_stack[s][1], k))
                    del open_stack[s:]
                    break
    for o, c in sorted(pairs):
        inside = {_strong(t[k]) for k in range(o + 1, c)} - {None}
        if e_dir in inside:
            new = e_dir
        elif inside:
            ctx = sos
            for k in range(o - 1, -1, -1):
                if _strong(t[k]):
                    ctx = _strong(t[k])
                    break
            new = ctx                       # opposite context: its direction; else e_dir (= ctx)
        else:
            continue
        t[o] = t[c] = new
        # NSMs (originally) after a bracket take its new type
        for b in (o, c):
            k = b + 1
            while k < m and classes[seq[k]] == "NSM":
                t[k] = new
                k += 1

    # N1-N2: sequences of neutrals (and isolate initiators, PDIs) between strong types
    neutral = ("B", "S", "WS", "ON", "BN", "LRI", "RLI", "FSI", "PDI")
    k = 0
    while k < m:
        if t[k] in neutral:
            e = k
            while e < m and t[e] in neutral:
                e += 1
            left = sos if k == 0 else _strong(t[k - 1])
            right = eos if e == m else _strong(t[e])
            t[k:e] = [left if left == right else e_dir] * (e - k)
            k = e
        else:
            k += 1

    # I1-I2
    for k, i in enumerate(seq):
        x = t[k]
        if level % 2 == 0:
            levels[i] = level + (1 if x == "R" else 2 if x in ("AN", "EN") else 0)
        else:
            levels[i] = level + (1 if x in ("L", "EN", "AN") else 0)

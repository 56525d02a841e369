"""Who owns a row: the one definition, for files and for the central server (issue 22; the design is
docs/security-trust.md, "Ownership", and docs/central.md, "Who may do what").

- A **committee** belongs to its **secretariat**: the office that keeps it.
- A row that belongs to a committee reaches it as `COMMITTEE_OF` says: its memberships and meetings
  by `committee_id`; everything in a meeting's minutes through the meeting, the resolution or the
  amendment it hangs from. An attachment follows its meeting or resolution (on a follow-up: whoever
  recorded the follow-up).
- Every other row (organisations, people, topics, follow-ups, the register, certificates) belongs to
  the office that created it.

Where the secretariat is recorded: in a file, the committee's `create` entry in that file's own audit
log (the office whose Dabir created it; the log never travels); on a server,
`dabir_acl.committee_secretariat` (set by `dabir server add-office`), and a committee created on the
server itself is the server's. app/services/ownership.py answers "is this row mine?" from this table
for the merge, on either backend; app/storage/server_acl.py builds the server's row-level security
from the same table. Nothing here reads a database."""

# table -> (the column naming its parent, the parent's table); the parent "committee" is the end
COMMITTEE_OF: dict[str, tuple[str, str]] = {
    "committee": ("id", "committee"),
    "membership": ("committee_id", "committee"),
    "meeting": ("committee_id", "committee"),
    "agenda_item": ("meeting_id", "meeting"),
    "attendance": ("meeting_id", "meeting"),
    "meeting_topic": ("meeting_id", "meeting"),
    "resolution": ("meeting_id", "meeting"),
    "amendment": ("meeting_id", "meeting"),
    "resolution_party": ("resolution_id", "resolution"),
    "resolution_vote": ("resolution_id", "resolution"),
    "resolution_topic": ("resolution_id", "resolution"),
    "amendment_change": ("amendment_id", "amendment"),
}
# an attachment on a meeting or a resolution belongs to that one's committee (the first link it has)
ATTACHMENT_OF = (("meeting_id", "meeting"), ("resolution_id", "resolution"))

package bot

// ReopenData is the callback data of the button that offers to reopen a
// ticket.
var ReopenData = reopenData

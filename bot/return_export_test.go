package bot

// ReturnData is the callback data of a return's button: act is "s" (I've
// sent it), "q" (I have a question), "a" (accept the fee) or "d" (decline
// it).
var ReturnData = returnData

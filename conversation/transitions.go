package conversation

// transitions is the whole dialogue: in a stage, an input of a kind leads,
// when Do accepts it, to the stage To, whose question is then asked. Do stores
// the answer, says what else is to be said and adds effects; when it refuses
// the input the stage stays and its question is asked again after Do's
// explanation. Rows with From: fromAny apply in every stage and are tried first.
//
// When, if set, names a condition on the dialogue that the row needs; the
// first row whose input and condition fit is the one applied.
//
// /back has a row in every stage, naming the question before; while a field
// chosen from the summary is being changed it returns to the summary.
//
// To is a stage, or toStay (no move), or oneOf(...) the stages among which
// Do picks; a pick the row does not list is a mistake, and step panics.
//
// Edit, on the rows that fill in a field of the complaint, is where such a
// row leads instead while a field chosen from the summary is being changed:
// review, back to the summary unless the outcome has to be asked again.
//
// Input no row takes is answered by fallback: a sticker, voice message,
// location or GIF is named as something that cannot be used here, typed text
// at a question with buttons gets "please use the buttons", an unknown
// command is named — and the stage's question is asked again.
var transitions = []transition{
	// Commands and buttons that work wherever the customer is.
	{From: fromAny, On: command("start"), Do: start, To: oneOf(AskCategory, toStay)},
	{From: fromAny, On: command("new"), Do: startNew, To: AskCategory},
	{From: fromAny, On: button(actNew), Do: startNew, To: AskCategory},
	{From: fromAny, On: command("back"), When: editing, Do: goBack, To: Summary},
	{From: fromAny, On: command("cancel"), Do: cancel, To: Idle},
	{From: fromAny, On: button(actCancel), Do: cancel, To: Idle},
	{From: fromAny, On: command("help"), Do: help, To: toStay},
	{From: fromAny, On: command("language"), Do: askLanguage, To: toStay},
	{From: fromAny, On: button(actLanguage), Do: setLanguage, To: toStay},
	{From: fromAny, On: command("status"), Do: showStatus, To: toStay},
	{From: fromAny, On: command("close"), Do: closeTicket, To: toStay},

	// Outside a dialogue a message belongs to the customer's open ticket.
	{From: Idle, On: text(), Do: addToTicket, To: toStay},
	{From: Idle, On: media(), Do: addToTicket, To: toStay},
	{From: Idle, On: contact(), Do: addToTicket, To: toStay},
	{From: Idle, On: unsupported(), Do: explainUnsupported, To: toStay},
	{From: Idle, On: command("back"), Do: goBack, To: toStay}, // refused: nothing to go back to

	// 1. Category; the order question is skipped when a deep link gave the number.
	{From: AskCategory, On: button(actCategory), When: orderFromLink, Do: setCategory, To: AskDate, Edit: review},
	{From: AskCategory, On: text(), When: orderFromLink, Do: setCategoryByName, To: AskDate, Edit: review},
	{From: AskCategory, On: button(actCategory), Do: setCategory, To: AskOrder, Edit: review},
	{From: AskCategory, On: text(), Do: setCategoryByName, To: AskOrder, Edit: review},
	{From: AskCategory, On: command("back"), Do: goBack, To: toStay}, // refused: the first question

	// 2. Order number, or no receipt.
	{From: AskOrder, On: text(), Do: setOrder, To: AskDate, Edit: review},
	{From: AskOrder, On: button(actNoReceipt), Do: setNoReceipt, To: AskDate, Edit: review},
	{From: AskOrder, On: command("back"), Do: goBack, To: AskCategory},

	// 3. Purchase or delivery date.
	{From: AskDate, On: buttonValue(actDay, dayToday), Do: setDayButton, To: AskIssue, Edit: review},
	{From: AskDate, On: buttonValue(actDay, dayYesterday), Do: setDayButton, To: AskIssue, Edit: review},
	{From: AskDate, On: buttonValue(actDay, dayEarlier), To: AskDateTyped},
	{From: AskDate, On: text(), Do: setDate, To: AskIssue, Edit: review},
	{From: AskDate, On: command("back"), Do: goBack, To: AskOrder}, // even when a deep link skipped it
	{From: AskDateTyped, On: text(), Do: setDate, To: AskIssue, Edit: review},
	{From: AskDateTyped, On: command("back"), Do: goBack, To: AskDate},

	// 4. What is wrong.
	{From: AskIssue, On: button(actIssue), Do: setIssue, To: AskDescription, Edit: review},
	{From: AskIssue, On: command("back"), Do: goBack, To: AskDate},

	// 5. Description.
	{From: AskDescription, On: text(), Do: setDescription, To: AskAttachments, Edit: review},
	{From: AskDescription, On: media(), Do: describeWithMedia, To: oneOf(AskAttachments, toStay), Edit: review},
	{From: AskDescription, On: command("back"), Do: goBack, To: AskIssue},

	// 6. Attachments: any number up to the policy's limit, then Done.
	{From: AskAttachments, On: media(), Do: addAttachments, To: toStay},
	{From: AskAttachments, On: button(actClear), Do: clearAttachments, To: toStay},
	{From: AskAttachments, On: button(actDone), To: AskOutcome, Edit: review},
	{From: AskAttachments, On: command("back"), Do: goBack, To: AskDescription},

	// 7. Desired outcome, as the policy's verdict allows.
	{From: AskOutcome, On: button(actOutcome), Do: setOutcome, To: AskPhone, Edit: review},
	{From: AskOutcome, On: command("back"), Do: goBack, To: AskAttachments},

	// 8. Phone.
	{From: AskPhone, On: contact(), Do: setPhoneContact, To: Summary, Edit: review},
	{From: AskPhone, On: text(), Do: setPhoneText, To: Summary, Edit: review},
	{From: AskPhone, On: command("back"), Do: goBack, To: AskOutcome},

	// 9. Summary: confirm, edit one field, or cancel (a row above).
	// Confirm files the complaint and ends the dialogue, or asks again for an
	// answer missing or no longer allowed.
	{From: Summary, On: button(actConfirm), Do: confirm,
		To: oneOf(Idle, AskCategory, AskOrder, AskDate, AskIssue, AskDescription, AskOutcome, AskPhone)},
	{From: Summary, On: button(actEdit), To: ChooseField},
	{From: Summary, On: command("back"), Do: goBack, To: AskPhone},
	{From: ChooseField, On: button(actField), Do: chooseField,
		To: oneOf(AskCategory, AskOrder, AskDate, AskIssue, AskDescription, AskAttachments, AskOutcome, AskPhone)},
	{From: ChooseField, On: button(actSummary), To: Summary},
	{From: ChooseField, On: command("back"), Do: goBack, To: Summary},
}

// review is where a changed field leads: back to the summary, or to the
// outcome question when the change took away the outcome chosen.
var review = &choice{among: []Stage{Summary, AskOutcome}, by: (*move).afterEdit}

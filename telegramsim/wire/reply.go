package wire

import "encoding/json"

// checkReplyParameters checks the reply_parameters object as Telegram
// reads it.
func (v *validation) checkReplyParameters() *Error {
	if !v.has("reply_parameters") {
		return nil
	}
	v.mark("reply_parameters")
	raw, sent := v.call.Params.Values["reply_parameters"]
	if !sent || raw == "" {
		return nil
	}
	if !json.Valid([]byte(raw)) {
		return BadRequest("can't parse reply parameters JSON object")
	}
	obj, ok := jsonObject([]byte(raw))
	if !ok {
		return BadRequest("object expected as reply parameters")
	}
	if len(obj) == 0 {
		return nil
	}
	if _, errText := obj.str("chat_id", false); errText != "" {
		return tdError(errText)
	}
	if _, errText := obj.int("message_id", true); errText != "" {
		return tdError(errText)
	}
	if _, errText := obj.bool("allow_sending_without_reply", false); errText != "" {
		return tdError(errText)
	}
	quote, errText := obj.str("quote", false)
	if errText != "" {
		return tdError(errText)
	}
	parseMode, errText := obj.str("quote_parse_mode", false)
	if errText != "" {
		return tdError(errText)
	}
	if _, _, err := parseFormatted(quote, parseMode, string(obj["quote_entities"])); err != nil {
		return err
	}
	for _, name := range []string{"quote_position", "checklist_task_id"} {
		if _, errText := obj.int(name, false); errText != "" {
			return tdError(errText)
		}
	}
	if _, errText := obj.str("poll_option_id", false); errText != "" {
		return tdError(errText)
	}
	return nil
}

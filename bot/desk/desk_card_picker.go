package desk

import (
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// maxPicked is the most staff members the assign picker offers: Telegram
// keeps a keyboard small, and the recently seen come first.
const maxPicked = 20

// assignPicker is the keyboard that replaces the card's while staff choose
// whom to give the ticket to: a button per member (two a row, the current
// assignee left out) and one back to the card's own buttons.
func (v view) assignPicker(t *tickets.Ticket, staff []tickets.Staff) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	var row []models.InlineKeyboardButton
	n := 0
	for _, s := range staff {
		if s.UserID == 0 || s.UserID == t.AssigneeUserID || n == maxPicked {
			continue
		}
		n++
		label := s.Name
		if s.Username != "" {
			label += " @" + s.Username
		}
		if label == "" {
			label = strconv.FormatInt(s.UserID, 10)
		}
		row = append(row, models.InlineKeyboardButton{
			Text:         label,
			CallbackData: encodeButton(button{Action: actAssignTo, TicketID: t.ID, Arg: strconv.FormatInt(s.UserID, 10)}),
		})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	back := models.InlineKeyboardButton{
		Text:         v.cat.Text(v.lang, "desk.button.back", nil),
		CallbackData: encodeButton(button{Action: actBack, TicketID: t.ID}),
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: append(rows, []models.InlineKeyboardButton{back})}
}

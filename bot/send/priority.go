package send

import "context"

// Priority says which sends go first when the bot's flood limits are the
// bottleneck: a reply to what someone just did, or bulk work nobody is
// waiting for at this moment.
type Priority int

const (
	// Interactive is the default: the next question of a dialogue, an
	// acknowledgement, a staff member's answer, a card.
	Interactive Priority = iota
	// Bulk is what can wait a little: survey questions, reminders, nudges,
	// reports. It is sent only while the limits it shares with
	// interactive sends have their whole burst to spare, so that a burst
	// of customers is answered before the bulk work resumes.
	Bulk
)

type priorityKey struct{}

// WithPriority returns a ctx whose sends go at priority p.
func WithPriority(ctx context.Context, p Priority) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// PriorityOf is the priority of ctx's sends: Interactive unless set.
func PriorityOf(ctx context.Context) Priority {
	p, _ := ctx.Value(priorityKey{}).(Priority)
	return p
}

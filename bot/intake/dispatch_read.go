package intake

import (
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// readScript reads a partition's stream as its consumer, but only
// while ARGV[1] holds the lease: a replica that lost the lease without
// noticing yet cannot take entries the new holder would then miss. It never
// blocks (scripts cannot); the stream waker does the waiting.
//
// Reading pending entries (ARGV[5] an id) also returns their delivery counts;
// an empty read of new entries (ARGV[5] ">") returns the stream's last id.
//
// KEYS: lease, stream. ARGV: replica, group, consumer, count, start.
// Reply: {0} when the lease is not held, else {1, entries, last id, pending}.
var readScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return {0}
end
local r = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4], 'STREAMS', KEYS[2], ARGV[5])
local entries = {}
if r then
  entries = r[1][2]
end
if #entries == 0 then
  local last = '0-0'
  local info = redis.call('XINFO', 'STREAM', KEYS[2])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      last = info[i + 1]
    end
  end
  return {1, entries, last}
end
if ARGV[5] ~= '>' then
  local first, final = entries[1][1], entries[#entries][1]
  return {1, entries, '', redis.call('XPENDING', KEYS[2], ARGV[2], first, final, #entries, ARGV[3])}
end
return {1, entries, ''}
`)

// entry is one stored update as read from a partition's stream.
type entry struct {
	id         string // the stream entry's id
	updateID   string
	chat       string
	body       []byte // nil: deleted from the stream but not acknowledged
	deliveries int64  // how often it was read; known for pending entries only
}

// readResult is what one read of a partition's stream returned.
type readResult struct {
	held    bool // the lease was this replica's
	entries []entry
	last    string // the stream's last id, after an empty read
}

// readEntries reads up to n entries after from ("0": pending entries from
// the start; ">": new entries).
func (r *partitionRunner) readEntries(from string, n int) (readResult, error) {
	keys := []string{r.d.in.leaseKey(r.p), r.stream}
	v, err := readScript.Run(r.ctx, r.d.in.rdb, keys,
		r.d.cfg.ReplicaID, consumerGroup, consumerName(r.p), n, from).Slice()
	if err != nil {
		return readResult{}, fmt.Errorf("intake: read partition %d: %w", r.p, err)
	}
	res, err := parseReadReply(v)
	if err != nil {
		return readResult{}, fmt.Errorf("intake: read partition %d: %w", r.p, err)
	}
	return res, nil
}

// parseReadReply decodes readScript's reply.
func parseReadReply(v []any) (readResult, error) {
	if len(v) == 0 {
		return readResult{}, errors.New("empty reply")
	}
	if held, _ := v[0].(int64); held != 1 {
		return readResult{}, nil
	}
	if len(v) < 3 {
		return readResult{}, errors.New("short reply")
	}
	res := readResult{held: true}
	res.last, _ = v[2].(string)
	raw, _ := v[1].([]any)
	deliveries := map[string]int64{}
	if len(v) > 3 {
		pending, _ := v[3].([]any)
		for _, p := range pending {
			if f, ok := p.([]any); ok && len(f) == 4 {
				id, _ := f[0].(string)
				deliveries[id], _ = f[3].(int64)
			}
		}
	}
	for _, item := range raw {
		pair, ok := item.([]any)
		if !ok || len(pair) != 2 {
			return readResult{}, fmt.Errorf("bad entry %v", item)
		}
		var e entry
		e.id, _ = pair[0].(string)
		e.deliveries = deliveries[e.id]
		if fields, ok := pair[1].([]any); ok {
			for i := 0; i+1 < len(fields); i += 2 {
				val, _ := fields[i+1].(string)
				switch fields[i] {
				case "update_id":
					e.updateID = val
				case "chat":
					e.chat = val
				case "body":
					e.body = []byte(val)
				}
			}
		}
		res.entries = append(res.entries, e)
	}
	return res, nil
}

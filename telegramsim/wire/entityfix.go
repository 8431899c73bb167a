package wire

import "slices"

// Entity classes of Telegram's entity code, as bit masks over kinds.
const (
	maskSplittable = 1<<kBold | 1<<kItalic | 1<<kUnderline | 1<<kStrikethrough | 1<<kSpoiler
	maskBlockQuote = 1<<kBlockQuote | 1<<kExpandableBlockQuote
	maskContinuous = 1<<kMention | 1<<kHashtag | 1<<kBotCommand | 1<<kURL | 1<<kEmail | 1<<kTextURL |
		1<<kMentionName | 1<<kCashtag | 1<<kPhoneNumber | 1<<kBankCard | 1<<kMediaTimestamp | 1<<kCustomEmoji
	maskPre = 1<<kPre | 1<<kCode | 1<<kPreCode | 1<<kDate
)

func (k kind) is(mask int) bool { return 1<<k&mask != 0 }

// splitIndex numbers the splittable kinds 0-4.
func splitIndex(k kind) int {
	switch k {
	case kBold:
		return 0
	case kItalic:
		return 1
	case kUnderline:
		return 2
	case kStrikethrough:
		return 3
	}
	return 4
}

var splittableKinds = [5]kind{kBold, kItalic, kUnderline, kStrikethrough, kSpoiler}

// entitiesValid reports whether sorted entities already nest the way
// Telegram keeps them, so that nothing needs splitting or dropping.
func entitiesValid(es []ent) bool {
	var endPos [5]int
	for k := range endPos {
		endPos[k] = -1
	}
	var stack []ent
	mask := 0
	for _, e := range es {
		for len(stack) > 0 && e.offset >= stack[len(stack)-1].end() {
			mask -= 1 << stack[len(stack)-1].kind
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			switch {
			case e.end() > parent.end(), mask&(1<<e.kind) != 0, parent.kind.is(maskPre),
				e.kind.is(maskPre) && mask&^maskBlockQuote != 0,
				(e.kind.is(maskContinuous) || e.kind.is(maskBlockQuote)) && mask&maskContinuous != 0,
				e.kind.is(maskBlockQuote) && mask&maskBlockQuote != 0,
				mask&maskSplittable != 0:
				return false
			}
		}
		if e.kind.is(maskSplittable) {
			i := splitIndex(e.kind)
			if endPos[i] >= e.offset {
				return false
			}
			endPos[i] = e.end()
		}
		stack = append(stack, e)
		mask += 1 << e.kind
	}
	return true
}

// removeIntersecting keeps, of sorted entities, those that do not overlap
// an earlier kept one.
func removeIntersecting(es []ent) []ent {
	out := es[:0]
	last := 0
	for _, e := range es {
		if e.offset >= last {
			last = e.end()
			out = append(out, e)
		}
	}
	return out
}

// removeIntersectingQuote drops entities that cross a blockquote boundary.
func removeIntersectingQuote(es, quotes []ent) []ent {
	if len(quotes) == 0 {
		return es
	}
	out := es[:0]
	q := 0
	for _, e := range es {
		for q < len(quotes) && quotes[q].end() <= e.offset {
			q++
		}
		if q < len(quotes) && (quotes[q].end() < e.end() || (e.offset < quotes[q].offset && quotes[q].offset < e.end())) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// splitEntities merges overlapping splittable entities of one kind and cuts
// them at the boundaries of the other entities, dropping parts inside
// code and pre blocks.
func splitEntities(split, other []ent) []ent {
	var begin, end [5]int
	var result []ent
	next := 0
	flush := func(offset int) {
		for _, k := range splittableKinds {
			i := splitIndex(k)
			if end[i] != 0 && begin[i] < offset {
				if end[i] <= offset {
					result = append(result, ent{kind: k, offset: begin[i], length: end[i] - begin[i]})
					begin[i], end[i] = 0, 0
				} else {
					result = append(result, ent{kind: k, offset: begin[i], length: offset - begin[i]})
					begin[i] = offset
				}
			}
		}
	}
	addUntil := func(endOffset int) {
		for ; next < len(split) && split[next].offset < endOffset; next++ {
			e := split[next]
			i := splitIndex(e.kind)
			if e.offset <= end[i] && end[i] != 0 {
				end[i] = max(end[i], e.end())
			} else {
				flush(e.offset)
				begin[i], end[i] = e.offset, e.end()
			}
		}
		flush(endOffset)
	}
	var stack []ent
	addOffset := func(offset int) {
		for len(stack) > 0 && offset >= stack[len(stack)-1].end() {
			top := stack[len(stack)-1]
			before := len(result)
			addUntil(top.end())
			if top.kind.is(maskPre) {
				result = result[:before]
			}
			stack = stack[:len(stack)-1]
		}
		addUntil(offset)
	}
	for _, o := range other {
		addOffset(o.offset)
		stack = append(stack, o)
	}
	addOffset(int(^uint(0) >> 1))
	sortEnts(result)
	return result
}

// fixEntities makes entities nest as Telegram keeps them: continuous
// entities never overlap, blockquotes are not crossed, and bold, italic,
// underline, strikethrough and spoiler are merged and split around the rest.
func fixEntities(es []ent) []ent {
	sortEnts(es)
	if entitiesValid(es) {
		return es
	}
	var continuous, quotes, split []ent
	for _, e := range es {
		switch {
		case e.kind.is(maskSplittable):
			split = append(split, e)
		case e.kind.is(maskBlockQuote):
			quotes = append(quotes, e)
		default:
			continuous = append(continuous, e)
		}
	}
	continuous = removeIntersecting(continuous)
	if len(quotes) > 0 {
		quotes = removeIntersecting(quotes)
		continuous = removeIntersectingQuote(continuous, quotes)
		continuous = append(continuous, quotes...)
		sortEnts(continuous)
	}
	if len(split) == 0 {
		return continuous
	}
	split = splitEntities(split, continuous)
	out := append(continuous, split...)
	sortEnts(out)
	return out
}

// removeEmpty drops entities that cover nothing or lack what they point at.
func removeEmpty(es []ent) []ent {
	return slices.DeleteFunc(es, func(e ent) bool {
		switch {
		case e.length <= 0:
			return true
		case e.kind == kTextURL, e.kind == kCustomEmoji:
			return e.arg == ""
		case e.kind == kMentionName:
			return e.user <= 0
		case e.kind == kDate:
			return e.date <= 0
		}
		return false
	})
}

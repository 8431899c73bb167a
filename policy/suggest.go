package policy

import "strings"

// nearest returns the name in known closest to key, when key reads as a
// misspelling of it: at most a third of its letters, and at least one,
// changed, added or dropped. It returns "" when none is that close.
func nearest(key string, known []string) string {
	key = strings.ToLower(key)
	best, bestDist := "", max(1, len([]rune(key))/3)+1
	for _, name := range known {
		if d := editDistance(key, name); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b: the fewest
// letters to change, add or drop to turn one into the other.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range ra {
		cur[0] = i + 1
		for j := range rb {
			cost := 1
			if ra[i] == rb[j] {
				cost = 0
			}
			cur[j+1] = min(prev[j+1]+1, cur[j]+1, prev[j]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

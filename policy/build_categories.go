package policy

import "fmt"

func buildCategories(p *Policy, list []rawCategory, probs *problems) {
	if len(list) == 0 {
		probs.add("categories", "must list at least one category")
	}
	seen := map[string]bool{}
	for i, r := range list {
		path := fmt.Sprintf("categories[%d]", i)
		id(probs, path+".id", r.ID, seen)
		names(probs, path+".name", r.Name, p.Shop.Languages)
		days(probs, path+".warranty_days", r.WarrantyDays)
		c := Category{
			ID:               r.ID,
			Name:             r.Name,
			WarrantyDays:     r.WarrantyDays,
			RepairForLife:    r.RepairForLife,
			FreeSmallRepairs: r.FreeSmallRepairs,
			Returnable:       r.Returnable == nil || *r.Returnable,
			NotCovered:       r.NotCovered,
		}
		for l := range r.NotCovered {
			if len(p.Shop.Languages) > 0 && !contains(p.Shop.Languages, l) {
				probs.add(path+".not_covered."+l, "%q is not one of shop.languages", l)
			}
		}
		parts := map[string]bool{}
		for j, rp := range r.Parts {
			ppath := fmt.Sprintf("%s.parts[%d]", path, j)
			id(probs, ppath+".id", rp.ID, parts)
			names(probs, ppath+".name", rp.Name, p.Shop.Languages)
			days(probs, ppath+".warranty_days", rp.WarrantyDays)
			c.Parts = append(c.Parts, Part{ID: rp.ID, Name: rp.Name, WarrantyDays: rp.WarrantyDays})
		}
		p.Categories = append(p.Categories, c)
	}
}

// id checks an identifier's form and that it is unique among seen.
func id(probs *problems, path, s string, seen map[string]bool) {
	switch {
	case !idPattern.MatchString(s):
		probs.add(path, "%q must be 1 to 32 lower-case letters, digits or _", s)
	case seen[s]:
		probs.add(path, "%q is used twice", s)
	}
	seen[s] = true
}

// Package policy holds a shop's after-sales policy: its product categories and
// warranties, the return window, service levels, business hours and the limits
// the dialogue enforces. It also gives the verdict (what a customer may have
// for a complaint), the business-time arithmetic behind service-level due
// times, and what an owner-approved return needs: the warehouse, who pays the
// freight, the texts of the instructions and of a refusal. It imports nothing
// else of the project.
package policy

import (
	"regexp"
	"time"
)

// Policy is a shop's after-sales policy, validated and ready to use. Build one
// with Default, Load or Parse; a Policy is read-only after that and safe for
// concurrent use.
type Policy struct {
	// Shop names the shop, its time zone and the languages it offers.
	Shop Shop
	// Categories are the product categories, in display order.
	Categories []Category
	// Returns is the return and exchange window, and how a return the
	// owner approves is carried out.
	Returns Returns
	// DamageReportDays is how many days after delivery damage in transit
	// may be reported.
	DamageReportDays int
	// Service holds the service-level promises.
	Service ServiceLevels
	// Survey is the callback survey (回访) after a ticket is resolved.
	Survey Survey
	// Hours are the opening hours, holidays and make-up workdays.
	Hours BusinessHours
	// OrderPattern is what a whole order number must match.
	OrderPattern *regexp.Regexp
	// OrderExample is an order number shown to customers as an example.
	OrderExample string
	// PhoneRequired tells whether a contact phone must be given.
	PhoneRequired bool
	// Description bounds the length of the customer's description, in characters.
	Description Range
	// MaxAttachments is the most photos, videos or documents one complaint takes.
	MaxAttachments int
	// FloodPerMinute is how many messages a chat may send per minute before
	// it is asked to slow down.
	FloodPerMinute int
	// CannedReplies are ready answers for staff, per language.
	CannedReplies []Canned
}

// Shop identifies the shop.
type Shop struct {
	// Name is the shop's name as customers know it.
	Name string
	// TimeZone is where the shop's business hours and dates are counted.
	TimeZone *time.Location
	// Languages are the language codes offered ("zh", "en"), first is the default.
	Languages []string
}

// Category is a product category and its coverage.
type Category struct {
	// ID is a short stable identifier (lower case letters, digits, underscore).
	ID string
	// Name is the category's name per language code.
	Name map[string]string
	// WarrantyDays is the warranty of the product as a whole, and of every
	// part not listed in Parts, counted in days from purchase or delivery.
	WarrantyDays int
	// Parts are parts whose warranty differs from the product's.
	Parts []Part
	// RepairForLife means repair stays available, at a fee, after the warranty ends.
	RepairForLife bool
	// FreeSmallRepairs means small defects (a loose seam, a crease, a dropped
	// stitch) are repaired free of charge instead of taking the item back.
	FreeSmallRepairs bool
	// Returnable tells whether the item may be returned or exchanged within
	// the return window at the customer's wish.
	Returnable bool
	// NotCovered lists, per language code, what the warranty does not cover.
	NotCovered map[string][]string
}

// Part is a part of a product with a warranty of its own.
type Part struct {
	// ID is a short stable identifier, unique within its category.
	ID string
	// Name is the part's name per language code.
	Name map[string]string
	// WarrantyDays is the part's warranty in days from purchase or delivery.
	WarrantyDays int
}

// Returns is the return and exchange window, and how a return the owner
// approves is carried out: where the item goes, by when, who pays the
// freight, how to pack it, what follows its arrival, why a return may be
// refused, and the texts that tell the customer.
type Returns struct {
	// WindowDays is how many days after purchase or delivery an item may be
	// returned or exchanged.
	WindowDays int
	// ReceiptRequired means no return or exchange without a receipt or order number.
	ReceiptRequired bool
	// Resellable means a returned item must still be fit to sell; staff judge it.
	Resellable bool
	// SendWithinDays is how many days the customer has to send the item
	// once the return instructions are sent.
	SendWithinDays int
	// Warehouses are the return addresses, in the order they are matched
	// (see Policy.Warehouse).
	Warehouses []Warehouse
	// KindNames name each kind of return per language code.
	KindNames map[ReturnKind]map[string]string
	// PayerNames name each payer per language code, as the instructions
	// say who pays ("the shop", "you").
	PayerNames map[Payer]map[string]string
	// FreightRules decide who pays the freight; the first that fits decides
	// (see Policy.Freight).
	FreightRules []FreightRule
	// Packing says how to pack a return.
	Packing Advice
	// DoNotSend says what to leave out of the parcel.
	DoNotSend Advice
	// AfterArrival are the promises of what follows the item's arrival.
	AfterArrival AfterArrival
	// Exclusions are the reasons an owner may cite to refuse a return.
	Exclusions []Exclusion
	// Templates are the texts of the instructions, a paid repair's fee and
	// a refusal.
	Templates ReturnTemplates
}

// ServiceLevels are the shop's time promises.
type ServiceLevels struct {
	// Arrange is the business time within which handling is arranged and the
	// customer told.
	Arrange time.Duration
	// Check is the business time after which staff check the work was arranged.
	Check time.Duration
	// Answer is how many working days a complaint's answer may take.
	Answer int
	// UrgentEscalate means urgent complaints go to the shop's leadership at once.
	UrgentEscalate bool
	// NudgeAfterDays is how many days a ticket waits for the customer's
	// information before the customer is reminded (calendar days).
	NudgeAfterDays int
	// AutoCloseAfterDays is how many days a ticket waits for the customer's
	// information before it is closed; the customer may reopen it.
	AutoCloseAfterDays int
	// WarnBefore is how long before each deadline staff are warned that it
	// comes; the customer whose answer will be late hears it then too.
	WarnBefore time.Duration
}

// Range bounds a length, both ends included.
type Range struct {
	// Min is the smallest allowed length.
	Min int
	// Max is the largest allowed length.
	Max int
}

// Canned is a ready answer staff can send.
type Canned struct {
	// Name identifies the answer, e.g. "size-guide".
	Name string
	// Text is the answer per language code.
	Text map[string]string
}

// Category returns the category with the given id.
func (p *Policy) Category(id string) (Category, bool) {
	for _, c := range p.Categories {
		if c.ID == id {
			return c, true
		}
	}
	return Category{}, false
}

// Repairable tells whether the category is repaired at all: under the
// warranty of the product or of a part, for life at a fee, or small defects
// free of charge.
func (c Category) Repairable() bool {
	if c.WarrantyDays > 0 || c.RepairForLife || c.FreeSmallRepairs {
		return true
	}
	for _, pt := range c.Parts {
		if pt.WarrantyDays > 0 {
			return true
		}
	}
	return false
}

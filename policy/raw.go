package policy

// The raw* types mirror the YAML file. Optional values are pointers so that a
// value left out of the file can be told from a zero and taken from the
// built-in default instead.

type rawPolicy struct {
	Shop             *rawShop       `yaml:"shop"`
	Categories       *[]rawCategory `yaml:"categories"`
	Returns          *rawReturns    `yaml:"returns"`
	DamageReportDays *int           `yaml:"damage_report_days"`
	Service          *rawService    `yaml:"service"`
	Survey           *rawSurvey     `yaml:"survey"`
	Hours            *rawHours      `yaml:"hours"`
	Order            *rawOrder      `yaml:"order"`
	PhoneRequired    *bool          `yaml:"phone_required"`
	Description      *rawRange      `yaml:"description"`
	MaxAttachments   *int           `yaml:"max_attachments"`
	FloodPerMinute   *int           `yaml:"flood_per_minute"`
	CannedReplies    *[]rawCanned   `yaml:"canned_replies"`
}

type rawShop struct {
	Name      *string   `yaml:"name"`
	TimeZone  *string   `yaml:"time_zone"`
	Languages *[]string `yaml:"languages"`
}

type rawCategory struct {
	ID               string              `yaml:"id"`
	Name             map[string]string   `yaml:"name"`
	WarrantyDays     int                 `yaml:"warranty_days"`
	Parts            []rawPart           `yaml:"parts"`
	RepairForLife    bool                `yaml:"repair_for_life"`
	FreeSmallRepairs bool                `yaml:"free_small_repairs"`
	Returnable       *bool               `yaml:"returnable"`
	NotCovered       map[string][]string `yaml:"not_covered"`
}

type rawPart struct {
	ID           string            `yaml:"id"`
	Name         map[string]string `yaml:"name"`
	WarrantyDays int               `yaml:"warranty_days"`
}

type rawReturns struct {
	WindowDays      *int                `yaml:"window_days"`
	ReceiptRequired *bool               `yaml:"receipt_required"`
	Resellable      *bool               `yaml:"resellable"`
	SendWithinDays  *int                `yaml:"send_within_days"`
	Warehouses      *[]rawWarehouse     `yaml:"warehouses"`
	Kinds           *rawKinds           `yaml:"kinds"`
	Freight         *rawFreight         `yaml:"freight"`
	Packing         *rawAdvice          `yaml:"packing"`
	DoNotSend       *rawAdvice          `yaml:"do_not_send"`
	AfterArrival    *rawAfterArrival    `yaml:"after_arrival"`
	Exclusions      *[]rawExclusion     `yaml:"exclusions"`
	Templates       *rawReturnTemplates `yaml:"templates"`
}

type rawWarehouse struct {
	ID         string            `yaml:"id"`
	Categories []string          `yaml:"categories"`
	Address    map[string]string `yaml:"address"`
	Recipient  string            `yaml:"recipient"`
	Phone      string            `yaml:"phone"`
}

type rawKinds struct {
	Refund   *map[string]string `yaml:"refund"`
	Exchange *map[string]string `yaml:"exchange"`
	Repair   *map[string]string `yaml:"repair"`
}

type rawFreight struct {
	Payers *rawPayers        `yaml:"payers"`
	Rules  *[]rawFreightRule `yaml:"rules"`
}

type rawPayers struct {
	Shop     *map[string]string `yaml:"shop"`
	Customer *map[string]string `yaml:"customer"`
}

type rawFreightRule struct {
	Cause                string            `yaml:"cause"`
	Kind                 string            `yaml:"kind"`
	Payer                string            `yaml:"payer"`
	RefundPostage        bool              `yaml:"refund_postage"`
	ReturnShippingPaidBy string            `yaml:"return_shipping_paid_by"`
	RepairCharged        bool              `yaml:"repair_charged"`
	Reason               map[string]string `yaml:"reason"`
}

type rawAdvice struct {
	All        *map[string][]string            `yaml:"all"`
	ByCategory *map[string]map[string][]string `yaml:"by_category"`
}

type rawAfterArrival struct {
	Refund   *rawPromise       `yaml:"refund"`
	Exchange *rawPromise       `yaml:"exchange"`
	Repair   *rawRepairPromise `yaml:"repair"`
}

type rawPromise struct {
	Days *int               `yaml:"days"`
	Text *map[string]string `yaml:"text"`
}

type rawRepairPromise struct {
	WorkingDays *int               `yaml:"working_days"`
	Text        *map[string]string `yaml:"text"`
}

type rawExclusion struct {
	ID          string            `yaml:"id"`
	Reason      map[string]string `yaml:"reason"`
	Alternative map[string]string `yaml:"alternative"`
}

type rawReturnTemplates struct {
	Instructions *map[string]string `yaml:"instructions"`
	RepairFee    *map[string]string `yaml:"repair_fee"`
	Refusal      *map[string]string `yaml:"refusal"`
}

type rawService struct {
	Arrange           *string `yaml:"arrange"`
	Check             *string `yaml:"check"`
	AnswerWorkingDays *int    `yaml:"answer_working_days"`
	UrgentEscalate    *bool   `yaml:"urgent_escalate"`
	NudgeAfterDays    *int    `yaml:"nudge_after_days"`
	AutoCloseAfter    *int    `yaml:"auto_close_after_days"`
	WarnBefore        *string `yaml:"warn_before"`
}

type rawSurvey struct {
	Enabled       *bool   `yaml:"enabled"`
	After         *string `yaml:"after"`
	QuietHours    *string `yaml:"quiet_hours"`
	ReminderAfter *string `yaml:"reminder_after"`
	ExpiresAfter  *string `yaml:"expires_after"`
	CloseAfter    *string `yaml:"close_after"`
	LowScore      *int    `yaml:"low_score"`
	OnLow         *string `yaml:"on_low"`
}

type rawHours struct {
	Week              *rawWeek  `yaml:"week"`
	Holidays          *[]string `yaml:"holidays"`
	ExtraWorkdays     *[]string `yaml:"extra_workdays"`
	ExtraWorkdayHours *[]string `yaml:"extra_workday_hours"`
}

// rawWeek is given whole: a day left out of it is closed.
type rawWeek struct {
	Mon []string `yaml:"mon"`
	Tue []string `yaml:"tue"`
	Wed []string `yaml:"wed"`
	Thu []string `yaml:"thu"`
	Fri []string `yaml:"fri"`
	Sat []string `yaml:"sat"`
	Sun []string `yaml:"sun"`
}

type rawOrder struct {
	Pattern *string `yaml:"pattern"`
	Example *string `yaml:"example"`
}

type rawRange struct {
	Min *int `yaml:"min"`
	Max *int `yaml:"max"`
}

type rawCanned struct {
	Name string            `yaml:"name"`
	Text map[string]string `yaml:"text"`
}

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
	WindowDays      *int  `yaml:"window_days"`
	ReceiptRequired *bool `yaml:"receipt_required"`
	Resellable      *bool `yaml:"resellable"`
}

type rawService struct {
	Arrange           *string `yaml:"arrange"`
	Check             *string `yaml:"check"`
	AnswerWorkingDays *int    `yaml:"answer_working_days"`
	UrgentEscalate    *bool   `yaml:"urgent_escalate"`
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

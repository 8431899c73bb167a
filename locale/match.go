package locale

import "strings"

// Match picks the catalogue language for a Telegram language_code: any
// Chinese ("zh", "zh-hans", "zh-CN", "zh-Hans-CN", and also "zh-TW" or
// "zh-Hant", whose readers manage Simplified Chinese far better than English)
// gives "zh"; everything else, the empty code included, gives "en".
func Match(languageCode string) string {
	code := strings.ToLower(strings.TrimSpace(languageCode))
	if code == "zh" || strings.HasPrefix(code, "zh-") || strings.HasPrefix(code, "zh_") {
		return "zh"
	}
	return "en"
}

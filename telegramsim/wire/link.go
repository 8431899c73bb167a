package wire

import (
	"strconv"
	"strings"
)

// checkedLink normalises the URL of a text link as Telegram does, e.g.
// "Example.COM" becomes "http://example.com/". It returns "" for a URL
// Telegram refuses, in which case the link is silently dropped.
func checkedLink(link string) string {
	scheme := ""
	lower := strings.ToLower(link)
	for _, s := range []string{"tg:", "ton:", "tonsite:"} {
		if strings.HasPrefix(lower, s) {
			scheme = strings.TrimSuffix(s, ":")
			link = link[len(s):]
			break
		}
	}
	if scheme != "" {
		link = strings.TrimPrefix(link, "//")
	}
	u, ok := parseHTTPURL(link)
	if !ok {
		return ""
	}
	if scheme != "" {
		if strings.HasPrefix(strings.ToLower(link), "http://") || u.https || u.userinfo != "" || u.port != 0 || u.ipv6 {
			return ""
		}
		query := u.query
		if len(query) > 1 && query[1] == '?' {
			query = query[1:]
		}
		for i := 0; i < len(u.host); i++ {
			c := u.host[i]
			if !isAlnum(c) && c != '-' && c != '_' && !(scheme == "tonsite" && c == '.') {
				return ""
			}
		}
		return scheme + "://" + u.host + query
	}
	if !strings.Contains(u.host, ".") && !u.ipv6 {
		return ""
	}
	var b strings.Builder
	if u.https {
		b.WriteString("https://")
	} else {
		b.WriteString("http://")
	}
	if u.userinfo != "" {
		b.WriteString(u.userinfo + "@")
	}
	b.WriteString(u.host)
	if u.port != 0 {
		b.WriteString(":" + strconv.Itoa(u.port))
	}
	b.WriteString(u.query)
	return b.String()
}

type httpURL struct {
	https    bool
	userinfo string
	host     string
	ipv6     bool
	port     int // as written; 0 when absent
	query    string
}

// parseHTTPURL reads [https?://][userinfo@]host[:port][/path?query#fragment]
// with Telegram's rules: other schemes are refused, the host is lower-cased
// and the path always starts with '/'.
func parseHTTPURL(url string) (httpURL, bool) {
	var u httpURL
	rest := url
	if i := strings.IndexAny(url, ":/?#@[]"); i >= 0 && strings.HasPrefix(url[i:], "://") {
		switch strings.ToLower(url[:i]) {
		case "http":
		case "https":
			u.https = true
		default:
			return u, false
		}
		rest = url[i+3:]
	}
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	hostPort, query := rest[:hostEnd], rest[hostEnd:]
	host := hostPort
	if c := strings.LastIndexAny(hostPort, ":]@"); c > 0 && hostPort[c] == ':' {
		p := strings.TrimLeft(hostPort[c+1:], "0")
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return u, false
		}
		u.port = n
		host = hostPort[:c]
	}
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		u.userinfo, host = host[:at], host[at+1:]
	}
	if host == "" || host == "." {
		return u, false
	}
	u.ipv6 = len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']'
	query = strings.TrimRight(query, " \t\r\n\v")
	if query == "" {
		query = "/"
	}
	var q strings.Builder
	if query[0] != '/' {
		q.WriteByte('/')
	}
	for i := 0; i < len(query); i++ {
		if c := query[i]; c <= 0x20 {
			q.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)/16, 16)) + strings.ToUpper(strconv.FormatInt(int64(c)%16, 16)))
		} else {
			q.WriteByte(c)
		}
	}
	u.query = q.String()
	u.host = strings.ToLower(host)
	if u.ipv6 {
		for i := 1; i+1 < len(u.host); i++ {
			if c := u.host[i]; c != ':' && c != '.' && !isHexDigit(c) {
				return u, false
			}
		}
		return u, true
	}
	return u, validURLPart(u.host, false) && validURLPart(u.userinfo, true)
}

// validURLPart allows what RFC 3986 allows in a host or userinfo, plus
// plain UTF-8.
func validURLPart(part string, allowColon bool) bool {
	for i := 0; i < len(part); i++ {
		c := part[i]
		switch {
		case isAlnum(c) || strings.IndexByte(".-_!$,~*'();&+=", c) >= 0 || (allowColon && c == ':') || c >= 0x80:
		case c == '%' && isHexDigit(at(part, i+1)) && isHexDigit(at(part, i+2)):
			i += 2
		default:
			return false
		}
	}
	return true
}

// tgQuery returns the query of a tg://<host>?... link, or an error text.
func tgQuery(url, host string) (string, string) {
	lower := strings.ToLower(url)
	if !strings.HasPrefix(lower, "tg:") {
		return "", "URL must have scheme tg"
	}
	url, lower = url[3:], lower[3:]
	if strings.HasPrefix(url, "//") {
		url, lower = url[2:], lower[2:]
	}
	if !strings.HasPrefix(lower, host) || (len(url) > len(host) && !strings.ContainsRune("/?#", rune(url[len(host)]))) {
		return "", "URL must have host \"" + host + "\""
	}
	url = strings.TrimPrefix(url[len(host):], "/")
	if !strings.HasPrefix(url, "?") {
		return "", "URL must have parameters"
	}
	url = url[1:]
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url = url[:i]
	}
	return url, ""
}

func queryValue(query, key string) (string, bool) {
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == key {
			return v, true
		}
	}
	return "", false
}

// linkUserID reads the user id of a tg://user?id=N link.
func linkUserID(url string) (int64, bool) {
	q, errText := tgQuery(strings.ToLower(url), "user")
	if errText != "" {
		return 0, false
	}
	v, ok := queryValue(q, "id")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

// linkCustomEmoji reads a tg://emoji?id=N link of MarkdownV2's ![x](...).
func linkCustomEmoji(url string) (string, string) {
	q, errText := tgQuery(url, "emoji")
	if errText != "" {
		return "", errText
	}
	v, ok := queryValue(q, "id")
	if !ok {
		return "", "Custom emoji URL must have an emoji identifier"
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return "", "Invalid custom emoji identifier specified"
	}
	return strconv.FormatInt(id, 10), ""
}

// linkDate reads a tg://time?unix=N&format=F link of MarkdownV2's ![x](...).
func linkDate(url string) (int64, string, string) {
	q, errText := tgQuery(url, "time")
	if errText != "" {
		return 0, "", errText
	}
	var date int64
	var format string
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "unix":
			n, err := strconv.ParseInt(v, 10, 32)
			if err != nil || n <= 0 {
				return 0, "", "Invalid Unix time specified"
			}
			date = n
		case "format":
			format = v
		}
	}
	if date == 0 {
		return 0, "", "URL must have the corresponding Unix time"
	}
	if errText := checkDateFormat(format); errText != "" {
		return 0, "", errText
	}
	return date, format, ""
}

package send

// maxAlbum is the most files Telegram puts into one album.
const maxAlbum = 10

// albumKind says which files may share an album: photos and videos mix,
// documents go only with documents, and anything else (voice) goes alone
// ("").
func albumKind(kind string) string {
	switch kind {
	case "photo", "video":
		return "visual"
	case "document":
		return "document"
	}
	return ""
}

// SplitAlbums arranges files, in their order, into what Telegram sends:
// runs of files that may share an album, at most ten each; a voice message
// (or a lone file) makes a group of one, sent on its own.
func SplitAlbums(files []File) [][]File {
	var out [][]File
	for _, f := range files {
		kind := albumKind(f.Kind)
		if n := len(out); n > 0 && kind != "" {
			last := out[n-1]
			if albumKind(last[0].Kind) == kind && len(last) < maxAlbum {
				out[n-1] = append(last, f)
				continue
			}
		}
		out = append(out, []File{f})
	}
	return out
}

package locale

import (
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

func fsRead(name string) ([]byte, error) { return files.ReadFile(name) }

// flatYAML reads a catalogue file as key → template source.
func flatYAML(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("catalogue files must be flat key: text maps: %v", err)
	}
	return m
}

func mapFS(nameText ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(nameText); i += 2 {
		m[nameText[i]] = &fstest.MapFile{Data: []byte(nameText[i+1])}
	}
	return m
}

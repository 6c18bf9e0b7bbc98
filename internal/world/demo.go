package world

import _ "embed"

//go:embed demo.yaml
var demoYAML []byte

// Demo is the built-in demo world: every user, key, group, project and token the seed
// document's examples name, with the seed's ids, so that each example request works as written.
// It panics only if the embedded file is invalid, which TestDemo_Parses prevents.
func Demo() *World {
	w, err := Parse(demoYAML, "demo.yaml")
	if err != nil {
		panic("the embedded demo world is invalid: " + err.Error())
	}
	return w
}

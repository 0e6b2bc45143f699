module faramesh.dev/jvm/dprfixture

go 1.19

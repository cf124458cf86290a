//! A property-based conformance kit for the storage traits.

"""A sample chain built on parahost outside its source tree: the Notes pallet and the SampleRuntime."""

"""The stream processor: a batch handler with no Kafka in it, and the faust worker around it."""

//! Reading articles (placeholder; being written).

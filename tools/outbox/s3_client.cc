#include "tools/outbox/s3_client.h"

#include <curl/curl.h>

#include <cstdlib>

#include "tools/outbox/s3_encoding.h"
#include "tools/outbox/s3_transfer.h"
#include "tools/outbox/s3_xml.h"

namespace evt::outbox {
namespace {

// A listing page can hold a thousand keys; it is still read whole.
constexpr std::uint64_t kMaxListingPage = 16ull << 20;

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

Status CheckEndpoint(const S3Endpoint& e) {
  std::string_view url = e.url;
  std::string_view rest;
  if (url.starts_with("http://")) rest = url.substr(7);
  else if (url.starts_with("https://")) rest = url.substr(8);
  else return Status::Config("s3 endpoint \"" + e.url + "\": expected http://HOST[:PORT] or https://HOST[:PORT]");
  if (rest.empty() || rest.front() == ':' || rest.find_first_of("/?#@ ") != std::string_view::npos) {
    return Status::Config("s3 endpoint \"" + e.url +
                          "\": expected a host and port without a path (the bucket goes in \"bucket\")");
  }
  if (e.region.empty()) return Status::Config("s3 endpoint " + e.url + ": the region is empty");
  if (e.bucket.empty() || e.bucket.find('/') != std::string::npos) {
    return Status::Config("s3 endpoint " + e.url + ": bucket \"" + e.bucket + "\" is empty or holds a '/'");
  }
  if (e.access_key.bytes().empty()) return Status::Config("s3 endpoint " + e.url + ": the access key is empty");
  if (e.secret_key.bytes().empty()) return Status::Config("s3 endpoint " + e.url + ": the secret key is empty");
  return Status::Ok();
}

S3Object ReadObject(std::string_view contents) {
  S3Object object;
  object.key = S3XmlText(contents, "Key").value_or("");
  object.size = std::strtoull(S3XmlText(contents, "Size").value_or("0").c_str(), nullptr, 10);
  object.etag = S3XmlText(contents, "ETag").value_or("");
  object.last_modified = S3XmlText(contents, "LastModified").value_or("");
  return object;
}

S3Upload ReadUpload(std::string_view upload) {
  return {S3XmlText(upload, "Key").value_or(""), S3XmlText(upload, "UploadId").value_or(""),
          S3XmlText(upload, "Initiated").value_or("")};
}

bool IsTruncated(std::string_view page) { return S3XmlText(page, "IsTruncated").value_or("") == "true"; }

}  // namespace

struct S3Client::Impl {
  S3Endpoint endpoint;
  std::unique_ptr<CURL, CurlDeleter> curl;
  std::string bucket_path;  // "/bucket"

  Result<S3Response> Send(const S3Request& request) { return PerformS3Request(curl.get(), endpoint, request); }

  S3Request Object(const char* method, std::string_view key, S3QueryParams query = {}) const {
    S3Request r;
    r.method = method;
    r.path = S3ObjectPath(endpoint.bucket, key);
    r.query = S3CanonicalQuery(std::move(query));
    return r;
  }

  // A listing page read whole, an error answer an error Status.
  Result<std::string> ListingPage(S3QueryParams query) {
    S3Request r;
    r.path = bucket_path;
    r.query = S3CanonicalQuery(std::move(query));
    std::string page;
    r.sink = &page;
    r.sink_limit = kMaxListingPage;
    EVT_ASSIGN_OR_RETURN(S3Response response, Send(r));
    if (!response.ok()) return S3ErrorStatus(DescribeS3Request(endpoint, r), response);
    return page;
  }
};

bool IsRetriableS3Status(int status) { return status == 408 || status == 429 || status >= 500 || status == 0; }

Status S3ErrorStatus(std::string_view request, const S3Response& response) {
  std::string message = std::string(request) + ": " + std::to_string(response.status);
  if (!response.error_code.empty()) message += " " + response.error_code;
  if (!response.error_message.empty()) message += ": " + response.error_message;
  if (response.status == 401 || response.status == 403) return Status::Config(std::move(message));
  if (IsRetriableS3Status(response.status)) return Status::TempFail(std::move(message));
  return Status::DataErr(std::move(message));
}

Result<S3Client> S3Client::Make(S3Endpoint endpoint) {
  while (endpoint.url.ends_with('/')) endpoint.url.pop_back();
  EVT_RETURN_IF_ERROR(CheckEndpoint(endpoint));
  static const CURLcode kGlobalInit = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (kGlobalInit != CURLE_OK) return Status::Internal("s3: curl_global_init failed");
  auto impl = std::make_unique<Impl>(Impl{std::move(endpoint), nullptr, ""});
  impl->curl.reset(curl_easy_init());
  if (!impl->curl) return Status::Internal("s3: curl_easy_init failed");
  impl->bucket_path = "/" + S3UriEncode(impl->endpoint.bucket, false);
  return S3Client(std::move(impl));
}

S3Client::S3Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
S3Client::S3Client(S3Client&&) noexcept = default;
S3Client& S3Client::operator=(S3Client&&) noexcept = default;
S3Client::~S3Client() = default;

const S3Endpoint& S3Client::endpoint() const { return impl_->endpoint; }

Result<S3Response> S3Client::PutObject(std::string_view key, int fd, std::uint64_t offset, std::uint64_t size,
                                       std::string_view sha256_hex, std::string_view content_type) {
  S3Request r = impl_->Object("PUT", key);
  r.fd = fd;
  r.offset = offset;
  r.size = size;
  r.sha256_hex = sha256_hex;
  r.content_type = content_type;
  return impl_->Send(r);
}

Result<S3Response> S3Client::CreateMultipartUpload(std::string_view key, std::string_view content_type) {
  S3Request r = impl_->Object("POST", key, {{"uploads", ""}});
  r.content_type = content_type;
  EVT_ASSIGN_OR_RETURN(S3Response response, impl_->Send(r));
  if (response.ok()) {
    response.upload_id = S3XmlText(response.body, "UploadId").value_or("");
    if (response.upload_id.empty()) {
      return Status::DataErr(DescribeS3Request(impl_->endpoint, r) + ": answered " + std::to_string(response.status) +
                             " without an UploadId");
    }
  }
  return response;
}

Result<S3Response> S3Client::UploadPart(std::string_view key, std::string_view upload_id, int part_number, int fd,
                                        std::uint64_t offset, std::uint64_t size, std::string_view sha256_hex) {
  S3Request r = impl_->Object("PUT", key, {{"partNumber", std::to_string(part_number)}, {"uploadId", std::string(upload_id)}});
  r.fd = fd;
  r.offset = offset;
  r.size = size;
  r.sha256_hex = sha256_hex;
  return impl_->Send(r);
}

Result<S3Response> S3Client::CompleteMultipartUpload(std::string_view key, std::string_view upload_id,
                                                     const std::vector<std::pair<int, std::string>>& part_etags) {
  S3Request r = impl_->Object("POST", key, {{"uploadId", std::string(upload_id)}});
  r.content_type = "application/xml";
  r.text = "<CompleteMultipartUpload>";
  for (const auto& [number, etag] : part_etags) {
    r.text += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" + S3XmlEscape(etag) +
              "</ETag></Part>";
  }
  r.text += "</CompleteMultipartUpload>";
  EVT_ASSIGN_OR_RETURN(S3Response response, impl_->Send(r));
  // The object's ETag ("…-N") comes in the result's body, not a header.
  if (response.ok() && response.etag.empty()) response.etag = S3XmlText(response.body, "ETag").value_or("");
  return response;
}

Result<S3Response> S3Client::AbortMultipartUpload(std::string_view key, std::string_view upload_id) {
  return impl_->Send(impl_->Object("DELETE", key, {{"uploadId", std::string(upload_id)}}));
}

Result<std::vector<S3Upload>> S3Client::ListMultipartUploads(std::string_view prefix, int page_size) {
  std::vector<S3Upload> uploads;
  std::string key_marker, upload_id_marker;
  for (;;) {
    S3QueryParams query{{"uploads", ""}, {"prefix", std::string(prefix)}, {"max-uploads", std::to_string(page_size)}};
    if (!key_marker.empty()) query.push_back({"key-marker", key_marker});
    if (!upload_id_marker.empty()) query.push_back({"upload-id-marker", upload_id_marker});
    EVT_ASSIGN_OR_RETURN(std::string page, impl_->ListingPage(std::move(query)));
    for (std::string_view upload : S3XmlElements(page, "Upload")) uploads.push_back(ReadUpload(upload));
    std::string next_key = S3XmlText(page, "NextKeyMarker").value_or("");
    std::string next_id = S3XmlText(page, "NextUploadIdMarker").value_or("");
    // A truncated page that names no further marker would loop forever.
    if (!IsTruncated(page) || (next_key == key_marker && next_id == upload_id_marker)) return uploads;
    key_marker = std::move(next_key);
    upload_id_marker = std::move(next_id);
  }
}

Result<S3Response> S3Client::GetObject(std::string_view key, std::string* body, std::uint64_t max_bytes) {
  S3Request r = impl_->Object("GET", key);
  r.sink = body;
  r.sink_limit = max_bytes;
  EVT_ASSIGN_OR_RETURN(S3Response response, impl_->Send(r));
  if (!response.ok()) body->clear();
  return response;
}

Result<S3Response> S3Client::HeadObject(std::string_view key) { return impl_->Send(impl_->Object("HEAD", key)); }

Result<S3Response> S3Client::DeleteObject(std::string_view key) { return impl_->Send(impl_->Object("DELETE", key)); }

Result<std::vector<S3Object>> S3Client::ListObjects(std::string_view prefix, int page_size) {
  std::vector<S3Object> objects;
  std::string token;
  for (;;) {
    S3QueryParams query{{"list-type", "2"}, {"prefix", std::string(prefix)}, {"max-keys", std::to_string(page_size)}};
    if (!token.empty()) query.push_back({"continuation-token", token});
    EVT_ASSIGN_OR_RETURN(std::string page, impl_->ListingPage(std::move(query)));
    for (std::string_view contents : S3XmlElements(page, "Contents")) objects.push_back(ReadObject(contents));
    std::string next = S3XmlText(page, "NextContinuationToken").value_or("");
    if (!IsTruncated(page) || next.empty() || next == token) return objects;
    token = std::move(next);
  }
}

}  // namespace evt::outbox

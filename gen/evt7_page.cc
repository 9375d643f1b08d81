#include "gen/evt7_page.h"

#include <cctype>
#include <vector>

#include "common/error_record.h"
#include "common/exit_code.h"
#include "common/json_writer.h"
#include "common/man_page_roff.h"

namespace evt {
namespace {

// A schema's summary or doc ("the program that failed") as a sentence.
std::string Sentence(std::string_view text) {
  std::string sentence(text);
  if (!sentence.empty()) sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
  if (!sentence.empty() && sentence.back() != '.' && sentence.back() != '?' && sentence.back() != '!')
    sentence += '.';
  return sentence;
}

// Blank lines separate paragraphs; roff wants .PP there, not a blank line.
std::string Paragraphs(std::string_view text) {
  std::string out;
  bool in_paragraph = false;
  bool after_blank = false;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      after_blank = in_paragraph;
      continue;
    }
    if (after_blank) out += ".PP\n";
    out += RoffText(line) + "\n";
    in_paragraph = true;
    after_blank = false;
  }
  return out;
}

const FieldSpec& Innermost(const FieldSpec& spec) {
  bool container = spec.type == FieldType::kArray || spec.type == FieldType::kMap;
  return container && spec.items ? Innermost(*spec.items) : spec;
}

std::string EnumValues(const FieldSpec& spec) {
  std::string list;
  for (const std::string& value : spec.values)
    list += (list.empty() ? "" : ", ") + std::string("\\fB") + RoffText(value) + "\\fR";
  return list;
}

std::string FieldEntry(const std::string& name, const FieldSpec& spec) {
  std::string out = ".TP\n\\fB" + RoffText(name) + "\\fR\n";
  out += "\\fI" + RoffText(DescribeType(spec)) + "\\fR, " + (spec.required ? "required" : "optional") + ".\n";
  out += RoffText(Sentence(spec.doc)) + "\n";
  const FieldSpec& inner = Innermost(spec);
  if (inner.type == FieldType::kEnum) out += "One of " + EnumValues(inner) + ".\n";
  return out;
}

void AppendFieldEntries(const std::vector<Field>& fields, const std::string& prefix, std::string& out);

// Fields inside objects print as dotted names: "phases.connect_ms",
// "lines[].sku" for an array of objects, "labels.*" for a map's values.
void AppendNested(const FieldSpec& spec, const std::string& name, std::string& out) {
  if (spec.type == FieldType::kObject) AppendFieldEntries(spec.fields, name + ".", out);
  else if (spec.type == FieldType::kArray && spec.items) AppendNested(*spec.items, name + "[]", out);
  else if (spec.type == FieldType::kMap && spec.items) AppendNested(*spec.items, name + ".*", out);
}

void AppendFieldEntries(const std::vector<Field>& fields, const std::string& prefix, std::string& out) {
  for (const Field& field : fields) {
    std::string name = prefix + field.name;
    out += FieldEntry(name, field.spec);
    AppendNested(field.spec, name, out);
  }
}

std::string ExampleBlock(const Value& example) {
  Result<std::string> json = ToJson(example);
  std::string text = json.ok() ? *json : "(the example cannot be written: " + json.status().message() + ")";
  return ".PP\nExample:\n.PP\n.EX\n" + RoffCode(text) + "\n.EE\n";
}

std::string KindSection(const KindSchema& kind) {
  std::string out = ".SS " + RoffText(kind.kind) + "\n";
  out += RoffText(Sentence(kind.summary)) + "\n.PP\n";
  out += Paragraphs(kind.description);
  out += ".PP\nVersion (\\fBv\\fR): " + std::to_string(kind.version) + ".\n";
  if (kind.fields.empty()) {
    out += "No fields besides the envelope.\n";
  } else {
    out += "Fields, after the envelope:\n";
    AppendFieldEntries(kind.fields, "", out);
  }
  return out + ExampleBlock(kind.example);
}

std::string EnvelopeSection(const EnvelopeSchema& envelope) {
  std::string out = ".SH RECORD ENVELOPE\n";
  out += RoffText(Sentence(envelope.summary)) + "\n.PP\n" + Paragraphs(envelope.description);
  AppendFieldEntries(envelope.fields, "", out);
  return out;
}

std::string TypesSection() {
  std::string out = ".SH FIELD TYPES\nEvery field of a record has one of these types.\n";
  for (const FieldTypeInfo& info : FieldTypes())
    out += ".TP\n.B " + RoffText(info.name) + "\n" + RoffText(Sentence(info.meaning)) + "\n";
  return out;
}

std::string KindsSection(const RecordSchemas& schemas) {
  std::string out = ".SH RECORD KINDS\n";
  if (schemas.kinds().empty()) out += "No record kinds are declared yet.\n";
  for (const KindSchema& kind : schemas.kinds()) out += KindSection(kind);
  return out;
}

std::string ExitStatusSection() {
  std::string out = ".SH EXIT STATUS\nEvery evt tool exits with one of these codes; an \\fBerror\\fR record names it in "
                    "\\fBcode\\fR and \\fBcode_name\\fR.\n";
  for (const ExitCodeInfo& info : kExitCodes) {
    out += ".TP\n\\fB" + std::to_string(ToInt(info.code)) + "\\fR (" + RoffText(ExitCodeName(info.code)) + ")\n";
    out += RoffText(Sentence(info.meaning)) + "\n";
  }
  return out;
}

std::string GeneratedSections(const RecordSchemas& schemas) {
  return EnvelopeSection(schemas.envelope()) + TypesSection() + KindsSection(schemas) + ExitStatusSection();
}

}  // namespace

Result<std::string> Evt7Page(const RecordSchemas& schemas, std::string_view man_source, std::string_view version) {
  std::string page = ".\\\" Generated by evt-schema from schemas/records/*.json and man/src/evt.7.roff;\n"
                     ".\\\" edit those and run `make docs`, not this file.\n";
  page += ".TH EVT 7 \"\" \"evt " + std::string(version) + "\" \"evt manual\"\n";
  int markers = 0;
  while (!man_source.empty()) {
    std::size_t end = man_source.find('\n');
    std::string_view line = man_source.substr(0, end);
    man_source.remove_prefix(end == std::string_view::npos ? man_source.size() : end + 1);
    if (line == kGeneratedSectionsMarker) {
      ++markers;
      page += GeneratedSections(schemas);
    } else {
      page += std::string(line) + "\n";
    }
  }
  if (markers != 1)
    return Status::DataErr("expected one line reading " + std::string(kGeneratedSectionsMarker) + ", found " +
                           std::to_string(markers));
  return page;
}

}  // namespace evt

// `evt-detect fit`: history records in, a model file out: each configured
// series' detector learns the whole history in time order, exactly as run
// would have, and its baselines are written atomically, so a half-written
// model is never read at the edge.
#include "common/clock.h"
#include "common/json_writer.h"
#include "tools/detect/commands.h"
#include "tools/detect/detect_setup.h"
#include "tools/detect/input_follower.h"
#include "tools/detect/stream_scorer.h"

namespace evt::detect {

Status RunFit(const Options& o) {
  EVT_ASSIGN_OR_RETURN(Setup setup, LoadSetup(o, /*read_model=*/false));
  if (!setup.model_path)
    return Status::Usage("fit: where should the model go? give --model FILE or set detect.model_file");
  SystemClock clock;
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);  // --errors-as-records only
  StreamScorer scorer(setup.section, nullptr, AnomalySink());
  InputFollower inputs(o.inputs, /*follow=*/false);
  EVT_RETURN_IF_ERROR(inputs.ForEach(o.common, out, clock, [&](RecordInput& input, const std::string& name) {
    return scorer.Consume(input, name);
  }));
  if (scorer.bank().series().empty())
    return Status::DataErr("fit: no record matched a configured series (detect.series); the model would be empty");
  EVT_RETURN_IF_ERROR(WriteModelFile(*setup.model_path, scorer.bank().ModelParts()));
  return out.Flush();
}

}  // namespace evt::detect

use partnerb2b_tests::queue_conformance;

queue_conformance!(embedded, partnerb2b_tests::queue_conformance::embedded);
queue_conformance!(sqs, partnerb2b_tests::queue_conformance::sqs);
